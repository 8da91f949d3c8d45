import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { isCareGapRuleId, type CareGapRuleId } from "@/lib/care-gaps/rules";
import { CLINIC_NAME } from "@/lib/fhir/systems";
import { getAfterVisitSummary, getVisitOverview, type AfterVisitSummary, type VisitOverview } from "@/lib/visits/overview";
import { extractFollowUp } from "./follow-up";
import { isHandoutKey, type HandoutKey } from "./handouts";

// The after-visit summary the patient reads in the portal or through their
// visit link, prints or downloads as a PDF: lib/visits/overview's summary (the
// signed plan, the visit's prescriptions and handouts, authorized as
// "visit.summary.read" and audited there) with the visit it sums up and the
// follow-up: the plan's follow-up lines and the next visit already booked, and
// the care-gap recommendations accepted into the plan.

export interface AfterVisitSummaryWithFollowUp extends AfterVisitSummary {
  /** Only handouts the clinic still offers; a key no longer bundled is left out rather than shown blank. */
  handouts: HandoutKey[];
  /** The care-gap recommendations the physician accepted into this visit's plan, in the order accepted. */
  recommendations: CareGapRuleId[];
  /** Who the summary is for and which visit it sums up, as a printed or downloaded copy heads it. */
  visit: { clinicName: string; patientName: string; physicianName: string; startsAt: Date; patientTimeZone: string };
  followUp: {
    /** The plan's lines about follow-up, returning and labs before the next visit. */
    instructions: string[];
    /** The patient's next booked visit after this one, if any. */
    nextVisit: { appointmentId: string; startsAt: Date; physicianName: string; visitTypeName: string } | null;
  };
}

/** The summary, and the language the patient's record prefers (what a copy made for them is written in). */
export async function loadAfterVisitSummary(
  db: Database,
  context: RequestContext,
  appointmentId: string,
): Promise<{ summary: AfterVisitSummaryWithFollowUp; patientId: string; preferredLanguage: string | null } | null> {
  const summary = await getAfterVisitSummary(db, context, appointmentId);
  if (!summary) return null;
  const appointment = await db.appointment.findUniqueOrThrow({
    where: { id: appointmentId },
    select: {
      startsAt: true,
      physician: { select: { user: { select: { name: true } } } },
      patient: { select: { id: true, givenName: true, familyName: true, timeZone: true, preferredLanguage: true } },
    },
  });
  const { patient } = appointment;
  const accepted = await db.careGapDecision.findMany({
    where: { appointmentId, outcome: "ACCEPTED" },
    orderBy: [{ decidedAt: "asc" }, { id: "asc" }],
    select: { ruleId: true },
  });
  const next = await db.appointment.findFirst({
    where: { patientId: patient.id, startsAt: { gt: appointment.startsAt }, status: { in: ["BOOKED", "CHECKED_IN"] } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { id: true, startsAt: true, visitType: { select: { name: true } }, physician: { select: { user: { select: { name: true } } } } },
  });
  return {
    patientId: patient.id,
    preferredLanguage: patient.preferredLanguage,
    summary: {
      ...summary,
      handouts: summary.handouts.filter(isHandoutKey),
      // A rule retired since is left out rather than shown without its text.
      recommendations: accepted.map((decision) => decision.ruleId).filter(isCareGapRuleId),
      visit: {
        clinicName: CLINIC_NAME,
        patientName: `${patient.givenName} ${patient.familyName}`,
        physicianName: appointment.physician.user.name,
        startsAt: appointment.startsAt,
        patientTimeZone: patient.timeZone,
      },
      followUp: {
        instructions: extractFollowUp(summary.plan),
        nextVisit: next
          ? { appointmentId: next.id, startsAt: next.startsAt, physicianName: next.physician.user.name, visitTypeName: next.visitType.name }
          : null,
      },
    },
  };
}

/** The summary once the note is signed; null before that. */
export async function getAfterVisitSummaryWithFollowUp(
  db: Database,
  context: RequestContext,
  appointmentId: string,
): Promise<AfterVisitSummaryWithFollowUp | null> {
  return (await loadAfterVisitSummary(db, context, appointmentId))?.summary ?? null;
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
