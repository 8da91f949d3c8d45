import "server-only";
import { z } from "zod";
import { actingUserId, auditActor, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { CareGapOutcome } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { shownText } from "@/lib/visits/inputs";
import { CareGapError } from "./errors";
import { openCareGaps } from "./facts";

// The physician's answer to a care-gap recommendation at a visit: accepted
// into the visit's plan (the note and the after-visit summary list it) or
// dismissed with a reason. Only the visit's own physician decides (note.write),
// while its note is still a draft; each decision and each refusal is audited.

const REASON_MAX_CHARS = 500;


/** The request body of a decision (the visit is the route's). */
export const careGapDecisionInput = z.strictObject({
  ruleId: z.string("Choose a recommendation.").min(1, "Choose a recommendation.").max(80, "That is not a recommendation."),
  outcome: z.enum(["ACCEPTED", "DISMISSED"], "Accept or dismiss the recommendation."),
  // An empty reason is no reason: the dismissal is then refused (and audited) by decideCareGap, not by the schema.
  reason: shownText(REASON_MAX_CHARS)
    .optional()
    .transform((reason) => reason || undefined),
});

export type CareGapDecisionInput = z.input<typeof careGapDecisionInput>;

export interface CareGapDecisionView {
  ruleId: string;
  title: string;
  source: string;
  version: string;
  outcome: CareGapOutcome;
  reason: string | null;
  decidedAt: Date;
  decidedByName: string;
}

const DECISION_SELECT = {
  ruleId: true,
  ruleVersion: true,
  title: true,
  source: true,
  outcome: true,
  reason: true,
  decidedAt: true,
  decidedBy: { select: { name: true } },
} as const;

function view(decision: {
  ruleId: string;
  ruleVersion: string;
  title: string;
  source: string;
  outcome: CareGapOutcome;
  reason: string | null;
  decidedAt: Date;
  decidedBy: { name: string };
}): CareGapDecisionView {
  return {
    ruleId: decision.ruleId,
    title: decision.title,
    source: decision.source,
    version: decision.ruleVersion,
    outcome: decision.outcome,
    reason: decision.reason,
    decidedAt: decision.decidedAt,
    decidedByName: decision.decidedBy.name,
  };
}

/** The decisions taken at a visit, in the order they were taken: for the visit's physician (note.read). */
export async function visitCareGapDecisions(db: Database, context: RequestContext, appointmentId: string): Promise<CareGapDecisionView[]> {
  await authorizeAppointment(db, context, appointmentId, "note.read");
  return decisionsAt(db, appointmentId);
}

/** The visit's decisions without an access check: for callers that authorized the visit (the after-visit summary). */
export async function decisionsAt(db: Database, appointmentId: string): Promise<CareGapDecisionView[]> {
  const decisions = await db.careGapDecision.findMany({ where: { appointmentId }, orderBy: [{ decidedAt: "asc" }, { id: "asc" }], select: DECISION_SELECT });
  return decisions.map(view);
}

/** Accepts or dismisses one of the patient's open care gaps at the visit. */
export async function decideCareGap(
  db: Database,
  context: RequestContext,
  appointmentId: string,
  input: CareGapDecisionInput,
  options: { now?: Date } = {},
): Promise<CareGapDecisionView> {
  const { ruleId, outcome, reason } = careGapDecisionInput.parse(input);
  const appointment = await authorizeAppointment(db, context, appointmentId, "note.write", {
    select: { status: true, visit: { select: { note: { select: { status: true } } } } },
  });
  const audit = { ...auditActor(context), action: "careGap.decide", patientId: appointment.patientId, resourceType: "appointment", resourceId: appointmentId };
  const refuse = async (error: CareGapError): Promise<never> => {
    await recordAudit(db, { ...audit, outcome: "DENIED", reason: `${ruleId}: ${error.message}` });
    throw error;
  };

  if (outcome === "DISMISSED" && !reason) return refuse(new CareGapError("CARE_GAP_REASON_REQUIRED", "Say why you dismiss this recommendation."));
  if (appointment.status === "CANCELLED" || appointment.status === "NO_SHOW" || appointment.visit?.note?.status === "SIGNED") {
    return refuse(new CareGapError("CARE_GAP_VISIT_CLOSED", "This visit's note is signed or the visit did not take place: recommendations are decided at an open visit."));
  }
  const gap = (await openCareGaps(db, appointment.patientId, options.now ?? new Date())).find((open) => open.ruleId === ruleId);
  if (!gap) return refuse(new CareGapError("CARE_GAP_NOT_OPEN", "This recommendation does not apply to the patient now."));

  try {
    const decision = await db.$transaction(async (tx) => {
      const created = await tx.careGapDecision.create({
        data: {
          patientId: appointment.patientId,
          appointmentId,
          ruleId,
          ruleVersion: gap.version,
          title: gap.title,
          source: gap.source,
          outcome,
          reason: reason ?? null,
          decidedById: actingUserId(context),
        },
        select: DECISION_SELECT,
      });
      await recordAudit(tx, { ...audit, outcome: "ALLOWED", reason: `${outcome} ${ruleId} (${gap.version})${reason ? `: ${reason}` : ""}` });
      return created;
    });
    return view(decision);
  } catch (error) {
    if (isUniqueViolation(error)) return refuse(new CareGapError("CARE_GAP_ALREADY_DECIDED", "This recommendation was already decided at this visit."));
    throw error;
  }
}
