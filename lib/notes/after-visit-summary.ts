import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { getAfterVisitSummary, getVisitOverview, type AfterVisitSummary, type VisitOverview } from "@/lib/visits/overview";
import { extractFollowUp } from "./follow-up";

// The after-visit summary the patient reads in the portal or through their
// visit link: lib/visits/overview's summary (the signed plan and the visit's
// prescriptions, authorized as "visit.summary.read" and audited there) plus
// the follow-up: the plan's follow-up lines and the next visit already booked.

export interface AfterVisitSummaryWithFollowUp extends AfterVisitSummary {
  followUp: {
    /** The plan's lines about follow-up, returning and labs before the next visit. */
    instructions: string[];
    /** The patient's next booked visit after this one, if any. */
    nextVisit: { appointmentId: string; startsAt: Date; physicianName: string; visitTypeName: string } | null;
  };
}

/** The summary once the note is signed; null before that. */
export async function getAfterVisitSummaryWithFollowUp(
  db: Database,
  context: RequestContext,
  appointmentId: string,
): Promise<AfterVisitSummaryWithFollowUp | null> {
  const summary = await getAfterVisitSummary(db, context, appointmentId);
  if (!summary) return null;
  const appointment = await db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: { patientId: true, startsAt: true },
  });
  const next = await db.appointment.findFirst({
    where: { patientId: appointment.patientId, startsAt: { gt: appointment.startsAt }, status: { in: ["BOOKED", "CHECKED_IN"] } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { id: true, startsAt: true, visitType: { select: { name: true } }, physician: { select: { user: { select: { name: true } } } } },
  });
  return {
    ...summary,
    followUp: {
      instructions: extractFollowUp(summary.plan),
      nextVisit: next
        ? { appointmentId: next.id, startsAt: next.startsAt, physicianName: next.physician.user.name, visitTypeName: next.visitType.name }
        : null,
    },
  };
}

/**
 * Everything a patient's visit page shows (portal and visit link): the visit,
 * and its after-visit summary with follow-up once the note is signed, which
 * may be before the call is marked complete (a physician can sign during the
 * call, or after a visit that fell back to the phone). Here rather than in
 * lib/visits because lib/notes builds on lib/visits, not the other way round.
 */
export async function getPatientVisitView(
  db: Database,
  context: RequestContext,
  appointmentId: string,
): Promise<{ visit: VisitOverview; summary: AfterVisitSummaryWithFollowUp | null }> {
  const visit = await getVisitOverview(db, context, appointmentId);
  const summary = visit.status === "CANCELLED" ? null : await getAfterVisitSummaryWithFollowUp(db, context, appointmentId);
  return { visit, summary };
}
