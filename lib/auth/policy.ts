import type { Role } from "@/lib/db/generated/enums";

// The one access policy: a pure function of (actor, action, resource) and the
// facts about their relationship. `lib/auth/access.ts` gathers the facts,
// applies this, and writes the audit event in the same step.

export type Actor =
  | { kind: "anonymous" }
  | {
      kind: "user";
      userId: string;
      role: Role;
      name: string;
      /** The Patient row linked to this user, if any. */
      patientId: string | null;
      /** The Physician row linked to this user, if any. */
      physicianId: string | null;
      /** Staff must finish MFA enrolment before anything else. */
      mfaSatisfied: boolean;
    }
  | {
      /** A patient holding a signed link to one appointment. */
      kind: "visitLink";
      linkId: string;
      appointmentId: string;
      patientId: string;
    }
  | {
      /** Someone the physician invited into one visit (a relative, an interpreter): they may join it, nothing else. */
      kind: "visitGuest";
      guestId: string;
      appointmentId: string;
      /** The visit's patient, so the audit trail files the guest's access under them. */
      patientId: string;
      displayName: string;
    }
  | {
      /** A registered SMART Backend Services client (lib/fhir/smart): reads what its scopes name, for any patient, never writes. */
      kind: "integration";
      clientId: string;
      name: string;
      /** Granted scopes, such as "system/*.read" or "system/Patient.read". */
      scopes: readonly string[];
    };

export const CLINICAL_ACTIONS = [
  "chart.read",
  "chart.write",
  "note.read",
  "note.write",
  "note.sign",
  "prescription.write",
] as const;

export const ACTIONS = [
  ...CLINICAL_ACTIONS,
  "patient.demographics.read",
  "patient.demographics.write",
  "appointment.read",
  "appointment.write",
  "availability.read",
  "availability.write",
  "visit.join",
  /** Run a video visit: see and admit the waiting room, decline, invite guests, end it. */
  "visit.host",
  "visit.summary.read",
  "audit.read",
  "users.manage",
  /** Download a patient's whole record (FHIR Bundle): the patient's own, or an administrator's on a records request. */
  "patient.record.export",
  /** Bring outside records in (a FHIR transaction): integrations holding system/*.write. */
  "records.import",
] as const;

export type Action = (typeof ACTIONS)[number];

export type Resource =
  | { type: "patient"; patientId: string }
  | { type: "appointment"; appointmentId: string; patientId: string; physicianId: string }
  | { type: "physician"; physicianId: string }
  | { type: "clinic" };

export interface Facts {
  /** The acting physician has a past or upcoming appointment with the resource's patient. */
  treatingRelationship: boolean;
}

export interface AccessRequest {
  actor: Actor;
  action: Action;
  resource: Resource;
  facts: Facts;
  /** A physician's stated reason for opening a chart outside their care relationship. */
  breakGlassReason?: string;
  /** The FHIR resource type read through the FHIR API, which an integration's scopes are about. */
  fhirResourceType?: string;
}

export type Decision =
  | { allowed: true; breakGlass: boolean }
  | { allowed: false; reason: string; breakGlassAvailable: boolean };

export const BREAK_GLASS_MIN_REASON_LENGTH = 10;

const BREAK_GLASS_ACTIONS: ReadonlySet<Action> = new Set(["chart.read", "note.read", "patient.demographics.read"]);
const clinical: ReadonlySet<Action> = new Set(CLINICAL_ACTIONS);

const allow = { allowed: true, breakGlass: false } as const;
const deny = (reason: string, breakGlassAvailable = false): Decision => ({ allowed: false, reason, breakGlassAvailable });

export function isClinicalAction(action: Action): boolean {
  return clinical.has(action);
}

export function patientOf(resource: Resource): string | null {
  return resource.type === "patient" || resource.type === "appointment" ? resource.patientId : null;
}

export function decide(request: AccessRequest): Decision {
  const { actor } = request;
  switch (actor.kind) {
    case "anonymous":
      return deny("Sign in to continue.");
    case "visitLink":
      return decideForVisitLink(actor, request);
    case "visitGuest":
      return decideForVisitGuest(actor, request);
    case "integration":
      return decideForIntegration(actor, request);
    case "user":
      if (!actor.mfaSatisfied) return deny("Finish setting up two-step verification first.");
      switch (actor.role) {
        case "PATIENT":
          return decideForPatient(actor, request);
        case "PHYSICIAN":
          return decideForPhysician(actor, request);
        case "SCHEDULER":
          return decideForScheduler(request);
        case "ADMIN":
          // An administrator who is also a clinician keeps a physician's access.
          if (actor.physicianId !== null && request.resource.type !== "clinic") return decideForPhysician(actor, request);
          return decideForAdmin(request);
      }
  }
}

function decideForVisitLink(actor: Extract<Actor, { kind: "visitLink" }>, { action, resource }: AccessRequest): Decision {
  const ownAppointment = resource.type === "appointment" && resource.appointmentId === actor.appointmentId;
  if (ownAppointment && (action === "visit.join" || action === "visit.summary.read")) return allow;
  return deny("This visit link only opens its own visit.");
}

function decideForVisitGuest(actor: Extract<Actor, { kind: "visitGuest" }>, { action, resource }: AccessRequest): Decision {
  // Not even the after-visit summary: that is the patient's to share.
  if (action === "visit.join" && resource.type === "appointment" && resource.appointmentId === actor.appointmentId) return allow;
  return deny("This guest link only opens its own visit.");
}

const PATIENT_SELF_SERVICE: ReadonlySet<Action> = new Set([
  "patient.demographics.read",
  "chart.read",
  "appointment.read",
  "appointment.write",
  "visit.join",
  "visit.summary.read",
  "patient.record.export",
]);

function decideForPatient(actor: Extract<Actor, { kind: "user" }>, { action, resource }: AccessRequest): Decision {
  if (action === "availability.read") return allow;
  const ownRecord = actor.patientId !== null && patientOf(resource) === actor.patientId;
  if (ownRecord && PATIENT_SELF_SERVICE.has(action)) return allow;
  return deny("Patients can only see their own records.");
}

/** What only the appointment's own physician does, whatever their relationship with the patient. */
const OWN_APPOINTMENT_ACTIONS: ReadonlySet<Action> = new Set(["visit.join", "visit.host", "note.write", "note.sign"]);

function decideForPhysician(actor: Extract<Actor, { kind: "user" }>, request: AccessRequest): Decision {
  const { action, resource, facts } = request;
  if (resource.type === "physician") {
    if (action === "availability.read") return allow;
    if (action === "availability.write" && resource.physicianId === actor.physicianId) return allow;
    // Hosting on the physician resource: the waiting room across their own visits.
    if (action === "visit.host" && resource.physicianId === actor.physicianId) return allow;
    return deny("Physicians manage only their own availability and visits.");
  }
  if (resource.type === "clinic") return deny("This is for administrators.");

  if (resource.type === "appointment" && OWN_APPOINTMENT_ACTIONS.has(action)) {
    return resource.physicianId === actor.physicianId ? allow : deny("Only the appointment's physician can do this.");
  }

  const patientActions: ReadonlySet<Action> = new Set([
    ...CLINICAL_ACTIONS,
    "patient.demographics.read",
    "appointment.read",
    "visit.summary.read",
  ]);
  if (!patientActions.has(action)) return deny("Physicians cannot do this.");
  if (facts.treatingRelationship) return allow;

  if (BREAK_GLASS_ACTIONS.has(action)) {
    const reason = request.breakGlassReason?.trim() ?? "";
    if (reason.length >= BREAK_GLASS_MIN_REASON_LENGTH) return { allowed: true, breakGlass: true };
    return deny("You have no appointment with this patient. Give a reason to open the chart in an emergency.", true);
  }
  return deny("You have no appointment with this patient.");
}

const SCHEDULER_ACTIONS: ReadonlySet<Action> = new Set([
  "patient.demographics.read",
  "patient.demographics.write",
  "appointment.read",
  "appointment.write",
  "availability.read",
  "availability.write",
]);

function decideForScheduler({ action }: AccessRequest): Decision {
  if (SCHEDULER_ACTIONS.has(action)) return allow;
  return deny(isClinicalAction(action) ? "Schedulers do not see clinical records." : "Schedulers cannot do this.");
}

function decideForAdmin({ action, resource }: AccessRequest): Decision {
  if (resource.type === "clinic" && (action === "audit.read" || action === "users.manage")) return allow;
  // A records request: the whole record of one patient, audited as an export.
  if (action === "patient.record.export" && resource.type === "patient") return allow;
  return deny(isClinicalAction(action) ? "Administrators do not see clinical records." : "Administrators cannot do this.");
}

/** What an integration may do at all: read patient data through the FHIR API. */
const INTEGRATION_ACTIONS: ReadonlySet<Action> = new Set([
  "patient.demographics.read",
  "chart.read",
  "note.read",
  "appointment.read",
  "availability.read",
]);

/** The scope that lets an integration send outside records (POST /fhir/R4 transactions). */
export const IMPORT_SCOPE = "system/*.write";

/** SMART v1 "system/Type.read", or v2 "system/Type.rs" or ".r"; Type or "*". */
const SYSTEM_READ_SCOPE = /^system\/([A-Za-z]+|\*)\.(read|rs|r)$/;

/** Whether a SMART scope lets its holder read resources of this FHIR type. */
export function scopeAllowsRead(scope: string, fhirResourceType: string): boolean {
  const match = SYSTEM_READ_SCOPE.exec(scope);
  if (!match) return false;
  const type = match[1];
  return type === "*" || type === fhirResourceType;
}

function decideForIntegration(actor: Extract<Actor, { kind: "integration" }>, { action, fhirResourceType }: AccessRequest): Decision {
  if (action === "records.import") {
    return actor.scopes.includes(IMPORT_SCOPE) ? allow : deny(`Importing records needs the ${IMPORT_SCOPE} scope.`);
  }
  if (!INTEGRATION_ACTIONS.has(action)) return deny("Integrations only read records.");
  if (fhirResourceType === undefined) return deny("Integrations read records through the FHIR API only.");
  if (!actor.scopes.some((scope) => scopeAllowsRead(scope, fhirResourceType))) {
    return deny(`This client's scopes do not include reading ${fhirResourceType}.`);
  }
  return allow;
}
