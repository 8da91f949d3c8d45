import "server-only";
import { auditActor, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
import { stateLabel } from "@/lib/geography/us-states";
import { LicensureError } from "./errors";
import { licensureMode } from "./licenses";
import { licensureConcern, licensureFor, licensureWarning } from "./status";
import type { VisitLicensure } from "./types";

// A video visit is delivered where the patient is at that moment, so before the
// physician admits the patient we compare the state they gave at check-in with
// the physician's licences. The hosting access itself is authorized (and
// audited) by the caller; these functions add the licensure refusal or the
// override to the trail.

export interface LicensureVisit {
  appointmentId: string;
  patientId: string;
  physicianId: string;
  /** The visit's date decides whether a licence is current. */
  startsAt: Date;
}

/** Where the patient says they are for this visit, and whether this physician may practise there. */
export async function visitLicensure(db: Database, visit: LicensureVisit): Promise<VisitLicensure> {
  const checkIn = await db.visitCheckIn.findUnique({ where: { appointmentId: visit.appointmentId }, select: { state: true, country: true } });
  // Outside the US (or not said yet) there is no state licence to compare with.
  const state = checkIn?.state && (checkIn.country ?? "US") === "US" ? checkIn.state : null;
  if (!state) return { located: false };
  const [licenses, mode, override] = await Promise.all([
    db.physicianLicense.findMany({ where: { physicianId: visit.physicianId }, select: { state: true, expiresOn: true } }),
    licensureMode(db),
    db.licensureOverride.findFirst({ where: { appointmentId: visit.appointmentId, physicianId: visit.physicianId, state }, select: { id: true } }),
  ]);
  return {
    located: true,
    state,
    stateLabel: stateLabel(state),
    status: licensureFor(licenses, state, visit.startsAt),
    mode,
    overridden: override !== null,
  };
}

/**
 * Decides whether the patient may be admitted as far as licensure goes. Returns
 * the override to record (inside the admission's transaction) when the
 * physician gave a reason, null when there is nothing to record; throws
 * LicensureError, after auditing the refusal, when the admission must not go ahead.
 */
export async function licensureClearance(
  db: Database,
  context: RequestContext,
  visit: LicensureVisit,
  reason: string | undefined,
): Promise<((tx: Prisma.TransactionClient) => Promise<void>) | null> {
  const licensure = await visitLicensure(db, visit);
  const concern = licensureConcern(licensure);
  if (concern === "none" || !licensure.located) return null;

  const refuse = async (error: LicensureError): Promise<never> => {
    await recordAudit(db, { ...auditEntry(context, visit, licensure.state), outcome: "DENIED", reason: error.message });
    throw error;
  };
  if (concern === "blocked") {
    return refuse(
      new LicensureError(
        "NOT_LICENSED_IN_STATE",
        `${licensureWarning(licensure)} The clinic does not allow visits where the physician is not licensed: ask the patient to join from a state where you are, or rebook them with a physician licensed in ${licensure.stateLabel}.`,
        licensure.state,
      ),
    );
  }
  if (!reason) {
    return refuse(new LicensureError("LICENSURE_REASON_REQUIRED", `${licensureWarning(licensure)} Give a reason to admit them anyway.`, licensure.state));
  }
  return async (tx) => {
    await tx.licensureOverride.create({ data: { appointmentId: visit.appointmentId, physicianId: visit.physicianId, state: licensure.state, reason } });
    await recordAudit(tx, { ...auditEntry(context, visit, licensure.state), outcome: "ALLOWED", reason: `${licensure.status} in ${licensure.state}: ${reason}` });
  };
}

function auditEntry(context: RequestContext, visit: LicensureVisit, state: string) {
  return {
    ...auditActor(context),
    action: "visit.admit.licensure",
    patientId: visit.patientId,
    resourceType: "appointment",
    resourceId: visit.appointmentId,
    reason: state,
  };
}
