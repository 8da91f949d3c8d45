import "server-only";
import { z } from "zod";
import type { RequestContext } from "@/lib/auth/access";
import type { AppointmentStatus, PrescriptionStatus } from "@/lib/db/generated/enums";
import type { AppointmentWhereInput } from "@/lib/db/generated/models";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { authorizePatient } from "./access";
import { RECONCILIATION_SELECT, toReconciliationView, type ReconciliationView } from "./reconciliation";
import { cursorInput, encodeCursor, pageSizeInput } from "./cursor";

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

function noteSummary(note: {
  id: string;
  signedAt: Date;
  signedBy: { name: string } | null;
  subjective: string;
  objective: string;
  assessment: string;
  plan: string;
}, addendumCount: number) {
  const sections = {
    subjective: excerpt(note.subjective),
    objective: excerpt(note.objective),
    assessment: excerpt(note.assessment),
    plan: excerpt(note.plan),
  };
  return {
    id: note.id,
    signedAt: note.signedAt,
    signedByName: note.signedBy?.name ?? null,
    subjective: sections.subjective.text,
    objective: sections.objective.text,
    assessment: sections.assessment.text,
    plan: sections.plan.text,
    truncated: Object.values(sections).some((section) => section.cut),
    addendumCount,
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

/** Past visits (appointments that have started and have a Visit), newest first. */
export async function listVisitHistory(
  db: Database,
  context: RequestContext,
  input: VisitHistoryInput,
  options: { now?: Date } = {},
): Promise<VisitHistoryPage> {
  const { patientId, cursor, limit } = visitHistoryInput.parse(input);
  await authorizePatient(db, context, "note.read", patientId);
  const now = options.now ?? new Date();
  const where: AppointmentWhereInput = {
    patientId,
    visit: { isNot: null },
    startsAt: { lte: now },
    ...(cursor
      ? { OR: [{ startsAt: { lt: cursor.at } }, { startsAt: cursor.at, id: { lt: cursor.id } }] }
      : {}),
  };
  const appointments = await db.appointment.findMany({
    where,
    orderBy: [{ startsAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      startsAt: true,
      status: true,
      reason: true,
      visitType: { select: { name: true } },
      physician: { select: { user: { select: { name: true } } } },
      visit: {
        select: {
          id: true,
          note: {
            select: {
              id: true,
              status: true,
              signedAt: true,
              signedBy: { select: { name: true } },
              subjective: true,
              objective: true,
              assessment: true,
              plan: true,
            },
          },
          chatMessages: { orderBy: [{ sentAt: "asc" }, { id: "asc" }], select: { id: true, senderName: true, text: true, sentAt: true } },
          prescriptions: {
            orderBy: [{ prescribedAt: "asc" }, { id: "asc" }],
            select: {
              id: true,
              drugName: true,
              rxnormCode: true,
              dose: true,
              route: true,
              frequency: true,
              quantity: true,
              refills: true,
              status: true,
              prescribedAt: true,
            },
          },
          reconciliations: { orderBy: [{ recordedAt: "desc" }, { id: "desc" }], take: 1, select: RECONCILIATION_SELECT },
        },
      },
    },
  });
  const page = appointments.slice(0, limit);
  const last = page[page.length - 1];
  // Counted on the addenda's note index: a _count in the select above made Prisma aggregate every addendum in the
  // clinic on each request (a sequential scan, 52 ms at 10,000 patients; see docs/BENCHMARKS.md).
  const noteIds = page.flatMap((appointment) => (appointment.visit?.note ? [appointment.visit.note.id] : []));
  const addenda =
    noteIds.length === 0 ? [] : await db.noteAddendum.groupBy({ by: ["noteId"], where: { noteId: { in: noteIds } }, _count: { _all: true } });
  const addendumCounts = new Map(addenda.map((row) => [row.noteId, row._count._all]));
  return {
    visits: page.map((appointment) => {
      const visit = appointment.visit!;
      const note = visit.note;
      return {
        appointmentId: appointment.id,
        visitId: visit.id,
        startsAt: appointment.startsAt,
        status: appointment.status,
        reason: appointment.reason,
        visitTypeName: appointment.visitType.name,
        physicianName: appointment.physician.user.name,
        note: note && note.status === "SIGNED" && note.signedAt ? noteSummary({ ...note, signedAt: note.signedAt }, addendumCounts.get(note.id) ?? 0) : null,
        prescriptions: visit.prescriptions,
        chat: visit.chatMessages,
        reconciliation: visit.reconciliations[0] ? toReconciliationView(visit.reconciliations[0]) : null,
      };
    }),
    nextCursor: appointments.length > limit && last ? encodeCursor({ at: last.startsAt, id: last.id }) : null,
  };
}
