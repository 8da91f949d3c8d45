import { z } from "zod";
import type { LabFlag } from "@/lib/db/generated/enums";
import { limitsFor, VITALS_PANEL, type AnalyteDefinition } from "@/lib/db/seed/catalog/lab-panels";
import { labFlag } from "@/lib/db/seed/lab-flag";
import type { AdministrativeSex } from "@/lib/db/generated/enums";
import { recordIdOf } from "@/lib/http/ids";
import { ICD10CM_SUBSET } from "./data/icd10cm-subset";
import { plainText } from "./prescription-rules";
import { VITAL_SIGNS } from "./vitals";

// The rules of editing the chart during a visit, without the database: the
// input schemas the routes reuse, the ICD-10-CM search over the bundled
// subset, which vital signs may be recorded and what they are flagged, and
// what a revision changed (the History tab's "before → after").

const SEVERITIES = ["MILD", "MODERATE", "SEVERE", "LIFE_THREATENING"] as const;
const severity = z.enum(SEVERITIES, "Choose how severe the reaction is.");

export const addAllergyInput = z.strictObject({
  patientId: recordIdOf("patient"),
  substance: plainText("substance", 100),
  reaction: plainText("reaction", 200),
  severity,
});
export type AddAllergyInput = z.input<typeof addAllergyInput>;

/** An allergy's reaction or severity corrected, or the allergy resolved (no longer one). */
export const changeAllergyInput = z.strictObject({
  patientId: recordIdOf("patient"),
  allergyId: recordIdOf("allergy"),
  change: z.discriminatedUnion("action", [
    z.strictObject({ action: z.literal("update"), reaction: plainText("reaction", 200), severity }),
    z.strictObject({ action: z.literal("resolve") }),
  ]),
});
export type ChangeAllergyInput = z.input<typeof changeAllergyInput>;

export const attestNoKnownAllergiesInput = z.strictObject({ patientId: recordIdOf("patient") });
export type AttestNoKnownAllergiesInput = z.input<typeof attestNoKnownAllergiesInput>;

const isoDay = z.iso.date("Give the date as YYYY-MM-DD.");

export const addProblemInput = z.strictObject({
  patientId: recordIdOf("patient"),
  icd10Code: z.string().trim().toUpperCase().refine((code) => findIcd10(code) !== undefined, "Choose a diagnosis from the list."),
  onsetDate: isoDay.optional(),
});
export type AddProblemInput = z.input<typeof addProblemInput>;

export const resolveProblemInput = z.strictObject({
  patientId: recordIdOf("patient"),
  problemId: recordIdOf("problem"),
  resolvedDate: isoDay.optional(),
});
export type ResolveProblemInput = z.input<typeof resolveProblemInput>;

// ---------------------------------------------------------------------------
// ICD-10-CM search

export interface Icd10Code {
  code: string;
  description: string;
}

const CODES: readonly Icd10Code[] = ICD10CM_SUBSET.map(([code, description]) => ({ code, description }));
const byCode = new Map(CODES.map((entry) => [entry.code, entry]));

export function findIcd10(code: string): Icd10Code | undefined {
  return byCode.get(code);
}

export const ICD10_SEARCH_MAX_LIMIT = 50;

export const icd10SearchInput = z.strictObject({
  patientId: recordIdOf("patient"),
  query: z.string().trim().min(1, "Type part of a diagnosis or its code.").max(100, "Search with at most 100 characters."),
  limit: z.coerce.number().int().min(1).max(ICD10_SEARCH_MAX_LIMIT).default(20),
});
export type Icd10SearchInput = z.input<typeof icd10SearchInput>;

const normalize = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

/**
 * Codes whose code starts with the query, or whose description holds every
 * word of it. Code matches first, then descriptions starting with the query,
 * then any other match; in code order within each.
 */
export function searchIcd10(query: string, limit = 20): Icd10Code[] {
  const wanted = normalize(query);
  if (wanted === "") return [];
  const words = wanted.split(" ");
  const rank = (entry: Icd10Code): number | null => {
    if (entry.code.toLowerCase().startsWith(wanted)) return 0;
    const description = entry.description.toLowerCase();
    if (!words.every((word) => description.includes(word))) return null;
    return description.startsWith(wanted) ? 1 : 2;
  };
  return CODES.flatMap((entry) => {
    const score = rank(entry);
    return score === null ? [] : [{ entry, score }];
  })
    .sort((a, b) => a.score - b.score || a.entry.code.localeCompare(b.entry.code))
    .slice(0, Math.max(1, Math.min(ICD10_SEARCH_MAX_LIMIT, limit)))
    .map(({ entry }) => entry);
}

// ---------------------------------------------------------------------------
// Vital signs

/** The vital signs a physician records, with the seed's units, ranges and plausible limits. */
export const RECORDABLE_VITALS: readonly AnalyteDefinition[] = VITALS_PANEL.analytes.filter((analyte) =>
  VITAL_SIGNS.some((vital) => vital.recordable && vital.loincCode === analyte.loincCode),
);

export const recordVitalInput = z
  .strictObject({
    patientId: recordIdOf("patient"),
    loincCode: z.enum(RECORDABLE_VITALS.map((analyte) => analyte.loincCode) as [string, ...string[]], "Choose a vital sign."),
    value: z.number("Give the value as a number.").finite("Give the value as a number."),
    source: z.enum(["CLINIC", "HOME_READING"], "Say where it was measured."),
  })
  .superRefine((input, context) => {
    const analyte = RECORDABLE_VITALS.find((vital) => vital.loincCode === input.loincCode);
    if (analyte && (input.value < analyte.plausible.min || input.value > analyte.plausible.max)) {
      context.addIssue({
        code: "custom",
        path: ["value"],
        message: `${analyte.analyte} is recorded between ${analyte.plausible.min} and ${analyte.plausible.max} ${analyte.unit}.`,
      });
    }
  });
export type RecordVitalInput = z.input<typeof recordVitalInput>;

export function vitalDefinition(loincCode: string): AnalyteDefinition {
  const analyte = RECORDABLE_VITALS.find((vital) => vital.loincCode === loincCode);
  if (!analyte) throw new Error(`Not a recordable vital sign: ${loincCode}`);
  return analyte;
}

/** The value rounded as the panel reports it, flagged against the patient's reference range. */
export function vitalReading(loincCode: string, value: number, sex: AdministrativeSex): { value: number; flag: LabFlag; low: number | null; high: number | null } {
  const analyte = vitalDefinition(loincCode);
  const rounded = Number(value.toFixed(analyte.decimals));
  const limits = limitsFor(analyte, sex);
  return { value: rounded, flag: labFlag(rounded, limits), low: limits.low, high: limits.high };
}

// ---------------------------------------------------------------------------
// Revisions

export type RevisionSnapshot = Record<string, string | number | null>;

export interface RevisionChange {
  field: string;
  before: string | number | null;
  after: string | number | null;
}

/** The fields a revision changed, in the order the row lists them: every field of an addition, only the changed ones otherwise. */
export function revisionChanges(before: RevisionSnapshot | null, after: RevisionSnapshot | null): RevisionChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.flatMap((field) => {
    const was = before?.[field] ?? null;
    const now = after?.[field] ?? null;
    return was === now ? [] : [{ field, before: was, after: now }];
  });
}
