import "server-only";
import { z } from "zod";
import type { RequestContext } from "@/lib/auth/access";
import { Prisma } from "@/lib/db/generated/client";
import type { AppointmentStatus, PrescriptionStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { authorizePatient } from "./access";
import type { ReconciliationView } from "./reconciliation";
import { cursorInput, encodeCursor, pageSizeInput } from "./cursor";
import { instantFromJson } from "./shaping";

// The History tab: the patient's past visits, newest first, each with its
// signed note (drafts stay with their author), the prescriptions written
// at it and the call's chat (lib/visits/chat.ts). Keyset pagination on (startsAt, id) over Appointment(patientId,
// startsAt). Reading notes is "note.read", which break-glass may open.

export const HISTORY_PAGE_DEFAULT = 20;
export const HISTORY_PAGE_MAX = 100;
/** How much of each note section the history list carries. */
export const NOTE_EXCERPT_LENGTH = 1000;

function excerpt(text: string): { text: string; cut: boolean } {
  const characters = Array.from(text);
  return characters.length <= NOTE_EXCERPT_LENGTH
    ? { text, cut: false }
    : { text: `${characters.slice(0, NOTE_EXCERPT_LENGTH).join("")}…`, cut: true };
}

function noteSummary(note: NonNullable<HistoryRow["note"]>): NonNullable<HistoryVisit["note"]> {
  const sections = {
    subjective: excerpt(note.subjective),
    objective: excerpt(note.objective),
    assessment: excerpt(note.assessment),
    plan: excerpt(note.plan),
  };
  return {
    id: note.id,
    signedAt: instantFromJson(note.signedAt),
    signedByName: note.signedByName,
    subjective: sections.subjective.text,
    objective: sections.objective.text,
    assessment: sections.assessment.text,
    plan: sections.plan.text,
    truncated: Object.values(sections).some((section) => section.cut),
    addendumCount: note.addendumCount,
  };
}

export const visitHistoryInput = z.strictObject({
  patientId: recordIdOf("patient"),
  cursor: cursorInput.optional(),
  limit: pageSizeInput(HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX),
});

export type VisitHistoryInput = z.input<typeof visitHistoryInput>;

export interface HistoryVisit {
  appointmentId: string;
  visitId: string;
  startsAt: Date;
  status: AppointmentStatus;
  reason: string;
  visitTypeName: string;
  physicianName: string;
  /**
   * The signed note's summary: each SOAP section up to NOTE_EXCERPT_LENGTH
   * characters, `truncated` saying whether any was cut (the whole note is
   * getNote's). Null when the visit has no signed note.
   */
  note: {
    id: string;
    signedAt: Date;
    signedByName: string | null;
    subjective: string;
    objective: string;
    assessment: string;
    plan: string;
    truncated: boolean;
    addendumCount: number;
  } | null;
  prescriptions: Array<{
    id: string;
    drugName: string;
    rxnormCode: string;
    dose: string;
    route: string;
    frequency: string;
    quantity: number;
    refills: number;
    status: PrescriptionStatus;
    prescribedAt: Date;
  }>;
  /** The call's chat, oldest first: who, when, what. */
  chat: Array<{ id: string; senderName: string; text: string; sentAt: Date }>;
  /** The visit's latest medication reconciliation, shown with its note. */
  reconciliation: ReconciliationView | null;
}

export interface VisitHistoryPage {
  visits: HistoryVisit[];
  nextCursor: string | null;
}

/** A page's row as the statement below gives it: instants inside json come as strings. */
interface HistoryRow {
  id: string;
  startsAt: Date;
  status: AppointmentStatus;
  reason: string;
  visitTypeName: string;
  physicianName: string;
  visitId: string;
  /** Only a signed note. */
  note: {
    id: string;
    signedAt: string;
    signedByName: string | null;
    subjective: string;
    objective: string;
    assessment: string;
    plan: string;
    addendumCount: number;
  } | null;
  prescriptions: Array<Omit<HistoryVisit["prescriptions"][number], "prescribedAt"> & { prescribedAt: string }>;
  chat: Array<Omit<HistoryVisit["chat"][number], "sentAt"> & { sentAt: string }>;
  reconciliation: (Omit<ReconciliationView, "recordedAt"> & { recordedAt: string }) | null;
}

/**
 * Past visits (appointments that have started and have a Visit), newest first.
 * One statement per page, each visit's note, prescriptions, chat and latest
 * reconciliation read beside it on their visit's index: through the ORM a
 * page was 13 statements (docs/BENCHMARKS.md, section 3b).
 */
export async function listVisitHistory(
  db: Database,
  context: RequestContext,
  input: VisitHistoryInput,
  options: { now?: Date } = {},
): Promise<VisitHistoryPage> {
  const { patientId, cursor, limit } = visitHistoryInput.parse(input);
  await authorizePatient(db, context, "note.read", patientId);
  const now = options.now ?? new Date();
  const after = cursor ? Prisma.sql`AND (a."startsAt" < ${cursor.at} OR (a."startsAt" = ${cursor.at} AND a.id < ${cursor.id}))` : Prisma.empty;
  const rows = await db.$queryRaw<HistoryRow[]>`
    SELECT a.id, a."startsAt", a.status, a.reason, t.name AS "visitTypeName", pu.name AS "physicianName", v.id AS "visitId",
      (SELECT json_build_object('id', n.id, 'signedAt', n."signedAt", 'signedByName', su.name,
                'subjective', n.subjective, 'objective', n.objective, 'assessment', n.assessment, 'plan', n.plan,
                'addendumCount', (SELECT count(*) FROM "NoteAddendum" na WHERE na."noteId" = n.id))
         FROM "ConsultationNote" n LEFT JOIN "User" su ON su.id = n."signedById"
         WHERE n."visitId" = v.id AND n.status = 'SIGNED' AND n."signedAt" IS NOT NULL) AS note,
      COALESCE((SELECT json_agg(json_build_object('id', p.id, 'drugName', p."drugName", 'rxnormCode', p."rxnormCode", 'dose', p.dose,
                  'route', p.route, 'frequency', p.frequency, 'quantity', p.quantity, 'refills', p.refills, 'status', p.status,
                  'prescribedAt', p."prescribedAt") ORDER BY p."prescribedAt", p.id)
         FROM "Prescription" p WHERE p."visitId" = v.id), '[]'::json) AS prescriptions,
      COALESCE((SELECT json_agg(json_build_object('id', c.id, 'senderName', c."senderName", 'text', c.text, 'sentAt', c."sentAt")
                  ORDER BY c."sentAt", c.id)
         FROM "VisitChatMessage" c WHERE c."visitId" = v.id), '[]'::json) AS chat,
      (SELECT json_build_object('id', r.id, 'recordedAt', r."recordedAt", 'physicianName', ru.name,
                'items', COALESCE((SELECT json_agg(json_build_object('medicationId', i."medicationId", 'name', i.name, 'dose', i.dose,
                            'outside', i.outside, 'checkInResponse', i."checkInResponse", 'status', i.status, 'reason', i.reason,
                            'note', i.note) ORDER BY i.position)
                   FROM "MedicationReconciliationItem" i WHERE i."reconciliationId" = r.id), '[]'::json))
         FROM "MedicationReconciliation" r JOIN "Physician" rp ON rp.id = r."physicianId" JOIN "User" ru ON ru.id = rp."userId"
         WHERE r."visitId" = v.id
         ORDER BY r."recordedAt" DESC, r.id DESC
         LIMIT 1) AS reconciliation
    FROM "Appointment" a
    JOIN "Visit" v ON v."appointmentId" = a.id
    JOIN "VisitType" t ON t.id = a."visitTypeId"
    JOIN "Physician" ph ON ph.id = a."physicianId"
    JOIN "User" pu ON pu.id = ph."userId"
    WHERE a."patientId" = ${patientId} AND a."startsAt" <= ${now} ${after}
    ORDER BY a."startsAt" DESC, a.id DESC
    LIMIT ${limit + 1}
  `;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    visits: page.map((row) => ({
      appointmentId: row.id,
      visitId: row.visitId,
      startsAt: row.startsAt,
      status: row.status,
      reason: row.reason,
      visitTypeName: row.visitTypeName,
      physicianName: row.physicianName,
      note: row.note ? noteSummary(row.note) : null,
      prescriptions: row.prescriptions.map((prescription) => ({ ...prescription, prescribedAt: instantFromJson(prescription.prescribedAt) })),
      chat: row.chat.map((message) => ({ ...message, sentAt: instantFromJson(message.sentAt) })),
      reconciliation: row.reconciliation ? { ...row.reconciliation, recordedAt: instantFromJson(row.reconciliation.recordedAt) } : null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.startsAt, id: last.id }) : null,
  };
}
