import sanitizeHtml from "sanitize-html";
import type { Resource } from "@medplum/fhirtypes";
import { validationIssues } from "../definitions";
import type { FhirIssue } from "../errors";
import { isValidDateValue } from "../search/params";
import type { ImportEntry } from "./input";

// What an outside resource must be before anything of it is kept: valid FHIR
// R4, with real dates, a Patient with a name and a birth date; and what is
// made safe on the way in: the narrative and HTML documents, sanitised.

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(T.*)?$/;

/** Every date-like string in the resource that names a day or time that does not exist. */
function impossibleDates(value: unknown, path: string, found: string[]): void {
  if (typeof value === "string") {
    if (DATE_LIKE.test(value) && !isValidDateValue(value.replace(/\.\d+/, ""))) found.push(path);
    return;
  }
  if (Array.isArray(value)) value.forEach((item, index) => impossibleDates(item, `${path}[${index}]`, found));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) impossibleDates(item, `${path}.${key}`, found);
}

export function problemsOf(entry: ImportEntry): FhirIssue[] {
  const { resource, path } = entry;
  const issues = validationIssues(resource as unknown as Resource, path);
  const dates: string[] = [];
  impossibleDates(resource, path, dates);
  issues.push(...dates.map((where) => ({ code: "invalid" as const, diagnostics: "This date does not exist.", expression: [where] })));
  if (resource.resourceType === "Patient") {
    const names = (resource.name as { family?: string }[] | undefined) ?? [];
    if (!names.some((name) => typeof name.family === "string" && name.family.trim() !== "")) {
      issues.push({ code: "required", diagnostics: "A Patient needs a name with a family name.", expression: [`${path}.name`] });
    }
    if (typeof resource.birthDate !== "string") issues.push({ code: "required", diagnostics: "A Patient needs a birth date to be matched and charted.", expression: [`${path}.birthDate`] });
  }
  return issues;
}

const NARRATIVE_TAGS = ["div", "p", "br", "span", "b", "i", "strong", "em", "u", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "blockquote", "sub", "sup", "hr"];

/** HTML from outside made safe to show: formatting only; no script, style, event handler, link or image. */
export function sanitizeOutsideHtml(html: string): string {
  return sanitizeHtml(html, { allowedTags: NARRATIVE_TAGS, allowedAttributes: { div: ["xmlns"] }, disallowedTagsMode: "discard" });
}

/** The resource with its narrative and any HTML attachment sanitised (a new object; the input is unchanged). */
export function sanitized<T extends Record<string, unknown>>(resource: T): T {
  const copy = structuredClone(resource) as Record<string, unknown>;
  const text = copy.text as { div?: unknown } | undefined;
  if (text && typeof text.div === "string") text.div = sanitizeOutsideHtml(text.div);
  for (const content of (copy.content as { attachment?: { contentType?: string; data?: string } }[] | undefined) ?? []) {
    const attachment = content?.attachment;
    if (attachment?.contentType?.startsWith("text/html") && typeof attachment.data === "string") {
      attachment.data = Buffer.from(sanitizeOutsideHtml(Buffer.from(attachment.data, "base64").toString("utf8")), "utf8").toString("base64");
    }
  }
  return copy as T;
}
