import "server-only";
import { AccessDeniedError, auditActor, authorize, authorizeActions, authorizeEach, type RequestContext } from "@/lib/auth/access";
import type { Resource } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { fhirRefusal } from "./errors";
import type { FhirType } from "./registry";
import type { Candidate } from "./search/pager";

// Authorizing what the FHIR API hands out, through the one access policy: each
// patient's resources as an access to that patient (audited), a physician's
// directory entries and free time as availability, and the clinic's own
// directory (Organizations) to anyone signed in or any integration whose
// scopes name the type.

/** The patients a signed-in user's search is about: they must name one, and a patient may name only themself. */
export function patientsOfUserSearch(context: RequestContext, fhirType: FhirType, named: string[] | null): string[] | null {
  if (fhirType.compartment !== "patient" || context.actor.kind === "integration") return named;
  if (named !== null) return named;
  if (context.actor.kind === "user" && context.actor.role === "PATIENT" && context.actor.patientId) return [context.actor.patientId];
  if (context.actor.kind === "anonymous") throw new AccessDeniedError("Sign in to continue.", 401);
  const parameter = fhirType.type === "Patient" ? "_id" : fhirType.patientParams[0];
  throw fhirRefusal.invalid(`Name the patient (${parameter}=…): searches across patients are for registered integrations.`);
}

export function authorizePatients(db: Database, context: RequestContext, fhirType: FhirType, patientIds: readonly string[]): Promise<void> {
  const resources: Resource[] = [...new Set(patientIds)].map((patientId) => ({ type: "patient", patientId }));
  return authorizeEach(db, context, fhirType.action, resources, { fhirResourceType: fhirType.type });
}

/**
 * Which of these types of one patient's record the caller may read, each
 * authorized as its own reads are and audited, decided together (one look-up,
 * one INSERT of their events); a refused type is left out, not thrown.
 */
export async function readableTypes(db: Database, context: RequestContext, fhirTypes: readonly FhirType[], patientId: string): Promise<boolean[]> {
  const answers = await authorizeActions(
    db,
    context,
    { type: "patient", patientId },
    fhirTypes.map((fhirType) => ({ action: fhirType.action, options: { fhirResourceType: fhirType.type } })),
  );
  return answers.map((answer) => !(answer instanceof AccessDeniedError));
}

/** Authorizes every candidate about to be handed out, except patients already authorized for this request. */
export async function authorizeCandidates(
  db: Database,
  context: RequestContext,
  fhirType: FhirType,
  candidates: readonly Candidate[],
  authorizedPatients: ReadonlySet<string> = new Set(),
): Promise<void> {
  const patients = candidates.map((candidate) => candidate.patientId).filter((id): id is string => id !== null && !authorizedPatients.has(id));
  if (patients.length > 0) await authorizePatients(db, context, fhirType, patients);
  const physicians = [...new Set(candidates.map((candidate) => candidate.physicianId).filter((id): id is string => id !== undefined))];
  if (physicians.length > 0) {
    const resources: Resource[] = physicians.map((physicianId) => ({ type: "physician", physicianId }));
    await authorizeEach(db, context, "availability.read", resources, { fhirResourceType: fhirType.type });
  }
  if (candidates.some((candidate) => candidate.patientId === null && candidate.physicianId === undefined)) await authorizeDirectory(db, context, fhirType);
}

/** Directory entries (the clinic, sources of outside records, outside practitioners): nothing about any patient. */
export async function authorizeDirectory(db: Database, context: RequestContext, fhirType: FhirType): Promise<void> {
  const { actor } = context;
  if (actor.kind === "integration") {
    await authorize(db, context, "availability.read", { type: "clinic" }, { fhirResourceType: fhirType.type });
    return;
  }
  if (actor.kind === "user" && actor.mfaSatisfied) return;
  throw new AccessDeniedError(actor.kind === "user" ? "Finish setting up two-step verification first." : "Sign in to continue.", actor.kind === "anonymous" ? 401 : 403);
}

/** Records an attempt to read something that does not exist, then refuses it (404). */
export async function refuseMissingResource(db: Database, context: RequestContext, fhirType: FhirType, id: string): Promise<never> {
  await recordAudit(db, { ...auditActor(context), action: fhirType.action, patientId: null, resourceType: `fhir:${fhirType.type}`, resourceId: id, outcome: "DENIED", reason: "not found" });
  throw fhirRefusal.notFound(`${fhirType.type}/${id} is not known here.`);
}
