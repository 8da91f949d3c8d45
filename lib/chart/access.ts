import "server-only";
import { authorize, type Grant, type RequestContext } from "@/lib/auth/access";
import type { Action } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/prisma";

// Every chart and note function authorizes through lib/auth/access, which
// decides with the one policy and writes the audit event in the same step.
// A chart is a patient resource (this helper); a visit's note or prescription
// is an appointment resource (lib/visits/appointment's authorizeAppointment).

/** Authorizes the action on the patient's chart (audited either way); throws AccessDeniedError when refused. */
export function authorizePatient(
  db: Database,
  context: RequestContext,
  action: Action,
  patientId: string,
): Promise<Grant> {
  return authorize(db, context, action, { type: "patient", patientId });
}
