import type { AppointmentStatus, Role } from "@/lib/db/generated/enums";

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
      /** A patient holding the signed confirm-or-cancel link of one appointment (lib/scheduling/appointment-reply.ts): it may change that appointment, nothing else. */
      kind: "replyLink";
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
      /** Set for an interpreter: the language they interpret (BCP 47). */
      interpreterLanguage?: string;
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
  /** Order a lab panel, and enter its results by hand. */
  "lab.order",
  /** Sign off a lab order's results, and notify the patient of them. */
  "lab.review",
  /** See the patient's imaging studies from the DICOM archive and their reports. */
  "imaging.read",
  /** Upload a study (DICOM files or a zip) into the patient's chart, stored in the DICOM archive. */
  "imaging.write",
] as const;

export const ACTIONS = [
  ...CLINICAL_ACTIONS,
  /** Open a time-limited break-glass grant on a patient's chart (a fresh TOTP code is part of the request). */
  "chart.breakGlass",
  /** Find a patient's record id from their medical record number, exactly. */
  "patient.lookup",
  "patient.demographics.read",
  "patient.demographics.write",
  "appointment.read",
  "appointment.write",
  "availability.read",
  "availability.write",
  /** Choose which visit types a physician offers (what they can be booked for): the desk and administrators, not the physician alone. */
  "visitTypes.offer",
  "visit.join",
  /** Run a video visit: see and admit the waiting room, decline, invite guests, end it. */
  "visit.host",
  /** Invite an interpreter into a visit: its physician, or a scheduler arranging it. */
  "visit.interpreter.invite",
  "visit.summary.read",
  "audit.read",
  "users.manage",
  /** The administrators' queue of break-glass uses and new or re-enabled clinical accounts. */
  "access.review.read",
  "access.review.acknowledge",
  /** Download a patient's whole record (FHIR Bundle): the patient's own, or an administrator's on a records request. */
  "patient.record.export",
  /** Bring outside records in (a FHIR transaction): integrations holding system/*.write. */
  "records.import",
  /** See physicians' licences (the states they may practise in). */
  "licensure.read",
  /** Add, change and remove physicians' licences; choose whether an unlicensed state warns or blocks. */
  "licensure.manage",
  /** A visit's check-in (location, consent, identity, language): the patient fills it in, the visit's physician reads it. */
  "checkin.read",
  "checkin.write",
  /** Publish consent versions and set each state's consent expiry. */
  "consent.manage",
  /** The visit's check-in questionnaire and its answers: the visit's patient answers, its physician reads. */
  "intake.read",
  "intake.write",
  /** The photos of the condition a patient sent at check-in: the visit's physician only. */
  "intake.photo.read",
  /** The photo of an ID: the visit's physician only, never staff. */
  "intake.idPhoto.read",
  /** The physician's attestation in the call that the patient's identity was verified. */
  "identity.verify",
  /** Record the visit's medication reconciliation (and read the list for it): the visit's physician only. */
  "medication.reconcile",
  /** Publish a visit type's intake questionnaire. */
  "questionnaire.publish",
  /** A signed visit's superbill (codes, place of service, modifier): its physician, and administrators for billing. */
  "billing.read",
  /** The billing CSV of a date range, and the payer rules that decide modifiers: administrators. */
  "billing.export",
  "billing.rules.write",
  /** A physician's own results and tasks inbox (new results, unsigned notes, overdue orders). */
  "inbox.read",
] as const;

export type Action = (typeof ACTIONS)[number];

export type Resource =
  | { type: "patient"; patientId: string }
  | { type: "appointment"; appointmentId: string; patientId: string; physicianId: string }
  | { type: "physician"; physicianId: string }
  | {
      /** An entry of the administrators' review queue; `patientId` when it is a break-glass use. */
      type: "accessReview";
      reviewId: string;
      /** Who did what is under review: the physician who broke the glass, or the administrator who opened an account. */
      actorId: string;
      patientId: string | null;
    }
  | { type: "clinic" };

/** One of the acting physician's appointments with the resource's patient. */
export interface CareAppointment {
  status: AppointmentStatus;
  startsAt: Date;
  endsAt: Date;
}

export interface Facts {
  /** The moment the access happens. */
  now: Date;
  /**
   * The acting physician's appointments with the resource's patient whose care
   * window could hold `now` (any status: the policy decides which count).
   */
  careAppointments: readonly CareAppointment[];
  /** The acting physician's latest break-glass grant on the resource's patient that has not run out. */
  breakGlassGrant: { id: string; expiresAt: Date } | null;
}

/** How far a visit's treating relationship reaches: settings, with defaults a privacy officer would choose. */
export interface CareBoundaries {
  /** From this long before a booked visit starts. */
  beforeVisitMs: number;
  /** Until this long after a completed visit ends. */
  afterCompletedVisitMs: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export const DEFAULT_CARE_BOUNDARIES: CareBoundaries = { beforeVisitMs: 7 * DAY_MS, afterCompletedVisitMs: 365 * DAY_MS };

/**
 * A visit not (yet) completed still counts this long after its booked end: it
 * may be running over, or being written up. Then only completion extends it.
 */
export const OPEN_VISIT_GRACE_MS = 12 * HOUR_MS;

export interface AccessRequest {
  actor: Actor;
  action: Action;
  resource: Resource;
  facts: Facts;
  /** DEFAULT_CARE_BOUNDARIES unless the clinic configured others. */
  boundaries?: CareBoundaries;
  /** For "chart.breakGlass": the request carried a TOTP code that was valid and unused, and is now spent. */
  freshSecondFactor?: boolean;
  /** The FHIR resource type read through the FHIR API, which an integration's scopes are about. */
  fhirResourceType?: string;
}

export type Decision =
  | { allowed: true; breakGlass: boolean }
  | { allowed: false; reason: string; breakGlassAvailable: boolean };

const OPEN_VISIT: ReadonlySet<AppointmentStatus> = new Set(["BOOKED", "CHECKED_IN", "IN_PROGRESS"]);

/** The last instant of the care window `appointment` opens, or null when it opens none. */
function careWindowEnd(appointment: CareAppointment, boundaries: CareBoundaries): number | null {
  if (appointment.status === "COMPLETED") return appointment.endsAt.getTime() + boundaries.afterCompletedVisitMs;
  if (OPEN_VISIT.has(appointment.status)) return appointment.endsAt.getTime() + OPEN_VISIT_GRACE_MS;
  // Cancelled and missed visits open none: a booking alone is not care.
  return null;
}

/**
 * Whether `now` falls in the care window of one of the appointments: from
 * `beforeVisitMs` before a visit that is booked or completed until
 * OPEN_VISIT_GRACE_MS after its end, or `afterCompletedVisitMs` after it once
 * completed. Both ends are inclusive.
 */
export function inCareWindow(appointments: readonly CareAppointment[], now: Date, boundaries: CareBoundaries = DEFAULT_CARE_BOUNDARIES): boolean {
  const at = now.getTime();
  return appointments.some((appointment) => {
    const end = careWindowEnd(appointment, boundaries);
    return end !== null && at >= appointment.startsAt.getTime() - boundaries.beforeVisitMs && at <= end;
  });
}

/** What a break-glass grant opens, for the patient it names, until it runs out. */
const BREAK_GLASS_ACTIONS: ReadonlySet<Action> = new Set(["chart.read", "note.read", "imaging.read", "patient.demographics.read", "prescription.write"]);
const clinical: ReadonlySet<Action> = new Set(CLINICAL_ACTIONS);

const allow = { allowed: true, breakGlass: false } as const;
const throughBreakGlass = { allowed: true, breakGlass: true } as const;
const deny = (reason: string, breakGlassAvailable = false): Decision => ({ allowed: false, reason, breakGlassAvailable });

export function isClinicalAction(action: Action): boolean {
  return clinical.has(action);
}

export function patientOf(resource: Resource): string | null {
  switch (resource.type) {
    case "patient":
    case "appointment":
    case "accessReview":
      return resource.patientId;
    case "physician":
    case "clinic":
      return null;
  }
}

/**
 * A draft note is its author's working copy: nobody else reads it, whatever
 * their access to the chart, until it is signed.
 */
export function mayReadNote(actor: Actor, note: { status: "DRAFT" | "SIGNED"; authorId: string }): boolean {
  return note.status === "SIGNED" || (actor.kind === "user" && actor.userId === note.authorId);
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
    case "replyLink":
      return decideForReplyLink(actor, request);
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
          // Even one who is also a clinician: administration and care are separate accounts.
          return decideForAdmin(actor, request);
      }
  }
}

/** What a patient's visit link does at its own visit: check in, join, read the summary. */
const VISIT_LINK_ACTIONS: ReadonlySet<Action> = new Set(["visit.join", "visit.summary.read", "checkin.read", "checkin.write", "intake.read", "intake.write"]);

function decideForVisitLink(actor: Extract<Actor, { kind: "visitLink" }>, { action, resource }: AccessRequest): Decision {
  const ownAppointment = resource.type === "appointment" && resource.appointmentId === actor.appointmentId;
  if (ownAppointment && VISIT_LINK_ACTIONS.has(action)) return allow;
  return deny("This visit link only opens its own visit.");
}

function decideForVisitGuest(actor: Extract<Actor, { kind: "visitGuest" }>, { action, resource }: AccessRequest): Decision {
  // Not even the after-visit summary: that is the patient's to share.
  if (action === "visit.join" && resource.type === "appointment" && resource.appointmentId === actor.appointmentId) return allow;
  return deny("This guest link only opens its own visit.");
}

function decideForReplyLink(actor: Extract<Actor, { kind: "replyLink" }>, { action, resource }: AccessRequest): Decision {
  if (action === "appointment.write" && resource.type === "appointment" && resource.appointmentId === actor.appointmentId) return allow;
  return deny("This link only confirms or cancels its own visit.");
}

const PATIENT_SELF_SERVICE: ReadonlySet<Action> = new Set([
  "patient.demographics.read",
  "chart.read",
  // Their own studies and the radiologist's reports, in the portal.
  "imaging.read",
  "appointment.read",
  "appointment.write",
  "visit.join",
  "visit.summary.read",
  "patient.record.export",
  "checkin.read",
  "checkin.write",
  "intake.read",
  "intake.write",
]);

function decideForPatient(actor: Extract<Actor, { kind: "user" }>, { action, resource }: AccessRequest): Decision {
  if (action === "availability.read") return allow;
  const ownRecord = actor.patientId !== null && patientOf(resource) === actor.patientId;
  if (ownRecord && PATIENT_SELF_SERVICE.has(action)) return allow;
  return deny("Patients can only see their own records.");
}

/** What only the appointment's own physician does, whatever their relationship with the patient. */
const OWN_APPOINTMENT_ACTIONS: ReadonlySet<Action> = new Set([
  "visit.join",
  "visit.host",
  "visit.interpreter.invite",
  "note.write",
  "note.sign",
  // What the patient told and showed this visit's physician at check-in is for them, not the whole care team.
  "intake.read",
  "intake.photo.read",
  "intake.idPhoto.read",
  "identity.verify",
  // Walking the medication list with the patient is part of the visit, like its note.
  "medication.reconcile",
]);
/** What the appointment's own physician reads at any time: it is on their calendar, and its note is theirs. */
const OWN_APPOINTMENT_READS: ReadonlySet<Action> = new Set(["appointment.read", "note.read", "visit.summary.read", "checkin.read", "billing.read"]);
/** What a physician does with a patient's record inside the care relationship. */
const CARE_ACTIONS: ReadonlySet<Action> = new Set([
  ...CLINICAL_ACTIONS,
  "patient.demographics.read",
  "appointment.read",
  "visit.summary.read",
]);

const NO_RELATIONSHIP = "You have no current care relationship with this patient. In an emergency, open the chart with break-glass access.";

function decideForPhysician(actor: Extract<Actor, { kind: "user" }>, request: AccessRequest): Decision {
  const { action, resource, facts } = request;
  if (resource.type === "physician") {
    if (action === "availability.read") return allow;
    if (action === "availability.write" && resource.physicianId === actor.physicianId) return allow;
    // Hosting on the physician resource: the waiting room across their own visits.
    if (action === "visit.host" && resource.physicianId === actor.physicianId) return allow;
    if (action === "licensure.read" && resource.physicianId === actor.physicianId) return allow;
    if (action === "inbox.read" && resource.physicianId === actor.physicianId) return allow;
    return deny("Physicians manage only their own availability and visits.");
  }
  if (resource.type === "clinic") {
    // Every physician's free slots at once: anyone's availability is theirs to read.
    return action === "patient.lookup" || action === "availability.read" ? allow : deny("This is for administrators.");
  }
  if (resource.type === "accessReview") return deny("This is for administrators.");

  const ownAppointment = resource.type === "appointment" && resource.physicianId === actor.physicianId;
  if (resource.type === "appointment" && OWN_APPOINTMENT_ACTIONS.has(action)) {
    return ownAppointment ? allow : deny("Only the appointment's physician can do this.");
  }
  if (ownAppointment && OWN_APPOINTMENT_READS.has(action)) return allow;

  if (action === "chart.breakGlass") {
    if (resource.type !== "patient") return deny("Break-glass access is to a patient's chart.");
    return request.freshSecondFactor === true ? allow : deny("Enter the current code from your authenticator app. Each code works once.");
  }
  if (!CARE_ACTIONS.has(action)) return deny("Physicians cannot do this.");

  // Prescribing at a visit is that visit's physician's: anyone else, even a colleague who treats the patient, breaks the glass.
  const anotherPhysiciansVisit = resource.type === "appointment" && !ownAppointment && action === "prescription.write";
  if (!anotherPhysiciansVisit && inCareWindow(facts.careAppointments, facts.now, request.boundaries)) return allow;

  if (!BREAK_GLASS_ACTIONS.has(action)) return deny("You have no current care relationship with this patient.");
  const grant = facts.breakGlassGrant;
  if (grant !== null && facts.now.getTime() < grant.expiresAt.getTime()) return throughBreakGlass;
  return deny(
    anotherPhysiciansVisit ? "Only the visit's own physician prescribes at it. Anyone else needs break-glass access." : NO_RELATIONSHIP,
    true,
  );
}

const SCHEDULER_ACTIONS: ReadonlySet<Action> = new Set([
  "patient.demographics.read",
  "patient.demographics.write",
  "appointment.read",
  "appointment.write",
  "availability.read",
  "availability.write",
  "visitTypes.offer",
  // Booking a patient whose usual state is known shows which physicians are licensed there.
  "licensure.read",
  // Language access is arranged with the booking.
  "visit.interpreter.invite",
]);

function decideForScheduler({ action }: AccessRequest): Decision {
  if (SCHEDULER_ACTIONS.has(action)) return allow;
  return deny(isClinicalAction(action) ? "Schedulers do not see clinical records." : "Schedulers cannot do this.");
}

const ADMIN_ACTIONS: ReadonlySet<Action> = new Set([
  "audit.read",
  "users.manage",
  "access.review.read",
  "licensure.manage",
  "consent.manage",
  "questionnaire.publish",
  "billing.export",
  "billing.rules.write",
]);

function decideForAdmin(actor: Extract<Actor, { kind: "user" }>, { action, resource }: AccessRequest): Decision {
  if (resource.type === "clinic" && ADMIN_ACTIONS.has(action)) return allow;
  if (action === "licensure.read" && (resource.type === "clinic" || resource.type === "physician")) return allow;
  if (action === "visitTypes.offer" && resource.type === "physician") return allow;
  if (resource.type === "accessReview" && action === "access.review.acknowledge") {
    // Four eyes: whoever opened a clinical account does not also sign off on it.
    return resource.actorId === actor.userId ? deny("You made this change, so another administrator reviews it.") : allow;
  }
  // A records request: the whole record of one patient, audited as an export.
  if (action === "patient.record.export" && resource.type === "patient") return allow;
  // The clinic bills every visit: its superbill, not the note behind it.
  if (action === "billing.read" && resource.type === "appointment") return allow;
  return deny(isClinicalAction(action) ? "Administrators do not see clinical records." : "Administrators cannot do this.");
}

/** What an integration may do at all: read patient data through the FHIR API. */
const INTEGRATION_ACTIONS: ReadonlySet<Action> = new Set([
  "patient.demographics.read",
  "chart.read",
  // ImagingStudy through the FHIR API (the images themselves stay behind the signed-in proxy).
  "imaging.read",
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
