import "server-only";
import { z } from "zod";
import { ResourceNotFoundError, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { sanitizeOutsideHtml } from "@/lib/fhir/import/checks";
import { recordIdOf } from "@/lib/http/ids";
import { authorizePatient } from "./access";
import type { RecordSource } from "./types";

// The History tab's outside records: notes (a cardiologist's consult at
// another clinic) and encounters imported from elsewhere, with their source.
// A note's text is shown as text, its HTML only after sanitising (again: it was
// sanitised on import too), and a PDF is offered as a download. Reading them
// is "note.read", as our own notes.

export const outsideRecordsInput = z.strictObject({ patientId: recordIdOf("patient") });

type Attachment = { contentType?: string; data?: string; title?: string };
type StoredDocument = { date?: string; description?: string; type?: { text?: string; coding?: { display?: string }[] }; author?: { display?: string }[]; content?: { attachment?: Attachment }[] };
type StoredEncounter = { period?: { start?: string; end?: string }; type?: { text?: string; coding?: { display?: string }[] }[]; class?: { code?: string; display?: string }; reasonCode?: { text?: string }[]; participant?: { individual?: { display?: string } }[] };

export interface OutsideNote {
  kind: "note";
  id: string;
  title: string;
  date: string | null;
  author: string | null;
  /** Plain text, shown as text. */
  text: string | null;
  /** Sanitised HTML (formatting only). */
  html: string | null;
  /** A PDF of the note to download, with its title. */
  pdfTitle: string | null;
  source: RecordSource;
}

export interface OutsideEncounter {
  kind: "encounter";
  id: string;
  title: string;
  date: string | null;
  author: string | null;
  reason: string | null;
  source: RecordSource;
}

export type OutsideRecord = OutsideNote | OutsideEncounter;

const decode = (attachment: Attachment | undefined) => (attachment?.data ? Buffer.from(attachment.data, "base64").toString("utf8") : null);

function note(id: string, resource: StoredDocument, source: RecordSource): OutsideNote {
  const attachments = (resource.content ?? []).map((content) => content.attachment ?? {});
  const plain = attachments.find((attachment) => attachment.contentType?.startsWith("text/plain"));
  const html = attachments.find((attachment) => attachment.contentType?.startsWith("text/html"));
  const pdf = attachments.find((attachment) => attachment.contentType === "application/pdf" && attachment.data);
  return {
    kind: "note",
    id,
    title: resource.type?.text ?? resource.type?.coding?.[0]?.display ?? resource.description ?? plain?.title ?? html?.title ?? "Outside document",
    date: resource.date ?? null,
    author: resource.author?.map((author) => author.display).filter(Boolean).join(", ") || null,
    text: decode(plain),
    html: html ? sanitizeOutsideHtml(decode(html) ?? "") : null,
    pdfTitle: pdf ? (pdf.title ?? "Document") : null,
    source,
  };
}

function encounter(id: string, resource: StoredEncounter, source: RecordSource): OutsideEncounter {
  return {
    kind: "encounter",
    id,
    title: resource.type?.[0]?.text ?? resource.type?.[0]?.coding?.[0]?.display ?? resource.class?.display ?? "Outside encounter",
    date: resource.period?.start ?? null,
    author: resource.participant?.map((participant) => participant.individual?.display).filter(Boolean).join(", ") || null,
    reason: resource.reasonCode?.map((reason) => reason.text).filter(Boolean).join(", ") || null,
    source,
  };
}

/** The patient's outside notes and encounters, newest first. */
export async function listOutsideRecords(db: Database, context: RequestContext, input: z.input<typeof outsideRecordsInput>): Promise<OutsideRecord[]> {
  const { patientId } = outsideRecordsInput.parse(input);
  await authorizePatient(db, context, "note.read", patientId);
  const rows = await db.importedResource.findMany({
    where: { patientId, resourceType: { in: ["DocumentReference", "Encounter"] } },
    select: { id: true, resourceType: true, resource: true, importedAt: true, organization: { select: { name: true } } },
  });
  return rows
    .map((row) => {
      const source = { organization: row.organization?.name ?? null, importedAt: row.importedAt };
      return row.resourceType === "DocumentReference" ? note(row.id, row.resource as StoredDocument, source) : encounter(row.id, row.resource as StoredEncounter, source);
    })
    .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
}

export const outsidePdfInput = outsideRecordsInput.extend({ documentId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "That is not a document.") });

/** The PDF of an outside note, for download. */
export async function outsideNotePdf(db: Database, context: RequestContext, input: z.input<typeof outsidePdfInput>): Promise<{ bytes: Buffer; title: string }> {
  const { patientId, documentId } = outsidePdfInput.parse(input);
  await authorizePatient(db, context, "note.read", patientId);
  const row = await db.importedResource.findFirst({ where: { id: documentId, patientId, resourceType: "DocumentReference" }, select: { resource: true } });
  const pdf = ((row?.resource as StoredDocument | undefined)?.content ?? []).map((content) => content.attachment).find((attachment) => attachment?.contentType === "application/pdf" && attachment.data);
  if (!pdf) throw new ResourceNotFoundError(`No PDF of outside note ${documentId}`);
  return { bytes: Buffer.from(pdf.data!, "base64"), title: pdf.title ?? "Outside note" };
}
