// The telehealth block of a consultation note: what payers require a
// telehealth note to state (modality, both locations, who took part, the time,
// consent and identity), as the server, the editor and the note's text share
// it. No validation library here: the editor imports it. The server's schema
// of the same shape is in telehealth-block.ts.

export const MODALITIES = ["VIDEO", "AUDIO_ONLY"] as const;
export type Modality = (typeof MODALITIES)[number];

export const PATIENT_LOCATION_KINDS = ["HOME", "OTHER"] as const;
export type PatientLocationKind = (typeof PATIENT_LOCATION_KINDS)[number];

export const PHYSICIAN_LOCATION_TYPES = ["CLINIC", "HOME", "OTHER"] as const;
export type PhysicianLocationType = (typeof PHYSICIAN_LOCATION_TYPES)[number];

export const PARTICIPANT_ROLES = ["PATIENT", "PHYSICIAN", "INTERPRETER", "GUEST"] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];


export interface TelehealthParticipant {
  name: string;
  role: ParticipantRole;
  /** The language an interpreter interpreted (BCP 47). */
  language: string | null;
  /** A guest's relationship to the patient. */
  relationship: string | null;
}

export interface TelehealthBlock {
  modality: Modality | null;
  /** Why video was not used; required for an audio-only visit. */
  audioOnlyReason: string | null;
  patientLocation: {
    state: string | null;
    /** ISO 3166-1 alpha-2. */
    country: string | null;
    address: string | null;
    kind: PatientLocationKind | null;
  };
  physicianLocation: { type: PhysicianLocationType | null; state: string | null };
  participants: TelehealthParticipant[];
  /** ISO times: when both patient and physician were first in the call, and when the first of them left for good. */
  startedAt: string | null;
  endedAt: string | null;
  totalMinutes: number | null;
  consent: { version: number | null; signedAt: string | null };
  identity: {
    /** When the patient confirmed their date of birth at check-in. */
    dateOfBirthConfirmedAt: string | null;
    /** The physician attested in the call that the patient's identity was verified. */
    physicianAttested: boolean;
    attestedAt: string | null;
  };
}

export const EMPTY_TELEHEALTH_BLOCK: TelehealthBlock = {
  modality: null,
  audioOnlyReason: null,
  patientLocation: { state: null, country: null, address: null, kind: null },
  physicianLocation: { type: null, state: null },
  participants: [],
  startedAt: null,
  endedAt: null,
  totalMinutes: null,
  consent: { version: null, signedAt: null },
  identity: { dateOfBirthConfirmedAt: null, physicianAttested: false, attestedAt: null },
};

/** What signing needs that the note may lack, named as the editor's fields and the refusal name them. */
export type NoteRequirement =
  | "modality"
  | "audioOnlyReason"
  | "patientLocation.state"
  | "patientLocation.country"
  | "patientLocation.address"
  | "patientLocation.kind"
  | "physicianLocation.type"
  | "physicianLocation.state"
  | "participants.patient"
  | "participants.physician"
  | "time"
  | "consent"
  | "identity"
  | "cptCode"
  | "diagnosisCodes";

export const REQUIREMENT_LABELS: Readonly<Record<NoteRequirement, string>> = {
  modality: "Modality",
  audioOnlyReason: "Reason video was not used",
  "patientLocation.state": "Patient's state",
  "patientLocation.country": "Patient's country",
  "patientLocation.address": "Patient's address",
  "patientLocation.kind": "Patient at home or elsewhere",
  "physicianLocation.type": "Physician's location",
  "physicianLocation.state": "Physician's state",
  "participants.patient": "The patient among the participants",
  "participants.physician": "The physician among the participants",
  time: "Start, end and total minutes",
  consent: "Telehealth consent (version and time)",
  identity: "Identity verification",
  cptCode: "Visit code (CPT)",
  diagnosisCodes: "Diagnosis codes (ICD-10)",
};

const blank = (value: string | null) => value === null || value.trim() === "";

/** The block's fields a signed note must state and this block lacks, in the order the editor shows them. */
export function missingTelehealthFields(block: TelehealthBlock | null): NoteRequirement[] {
  const b = block ?? EMPTY_TELEHEALTH_BLOCK;
  const missing: NoteRequirement[] = [];
  if (b.modality === null) missing.push("modality");
  if (b.modality === "AUDIO_ONLY" && blank(b.audioOnlyReason)) missing.push("audioOnlyReason");
  if (blank(b.patientLocation.state)) missing.push("patientLocation.state");
  if (blank(b.patientLocation.country)) missing.push("patientLocation.country");
  if (blank(b.patientLocation.address)) missing.push("patientLocation.address");
  if (b.patientLocation.kind === null) missing.push("patientLocation.kind");
  if (b.physicianLocation.type === null) missing.push("physicianLocation.type");
  if (blank(b.physicianLocation.state)) missing.push("physicianLocation.state");
  if (!b.participants.some((person) => person.role === "PATIENT")) missing.push("participants.patient");
  if (!b.participants.some((person) => person.role === "PHYSICIAN")) missing.push("participants.physician");
  if (b.startedAt === null || b.endedAt === null || b.totalMinutes === null) missing.push("time");
  if (b.consent.version === null || b.consent.signedAt === null) missing.push("consent");
  if (b.identity.dateOfBirthConfirmedAt === null && !(b.identity.physicianAttested && b.identity.attestedAt !== null)) missing.push("identity");
  return missing;
}

/** Everything signing needs: a complete telehealth block, the visit's code and at least one diagnosis. */
export function missingForSigning(note: { telehealth: TelehealthBlock | null; cptCode: string | null; diagnosisCodes: readonly string[] }): NoteRequirement[] {
  const missing = missingTelehealthFields(note.telehealth);
  if (note.cptCode === null) missing.push("cptCode");
  if (note.diagnosisCodes.length === 0) missing.push("diagnosisCodes");
  return missing;
}

/** Whole minutes between two ISO times, or null when either is unknown or the end is not after the start. */
export function minutesBetween(startedAt: string | null, endedAt: string | null): number | null {
  if (startedAt === null || endedAt === null) return null;
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  return ms > 0 ? Math.round(ms / 60_000) : null;
}

/**
 * The block with the blanks filled from a fresh draft: what is already stated
 * (typed by the physician, or drafted before) stays. The physician's own
 * location is never drafted.
 */
export function fillBlanks(current: TelehealthBlock | null, draft: TelehealthBlock): TelehealthBlock {
  if (current === null) return draft;
  const pick = <T,>(mine: T | null, theirs: T | null) => (mine === null || mine === "" ? theirs : mine);
  return {
    modality: pick(current.modality, draft.modality),
    audioOnlyReason: pick(current.audioOnlyReason, draft.audioOnlyReason),
    patientLocation: {
      state: pick(current.patientLocation.state, draft.patientLocation.state),
      country: pick(current.patientLocation.country, draft.patientLocation.country),
      address: pick(current.patientLocation.address, draft.patientLocation.address),
      kind: pick(current.patientLocation.kind, draft.patientLocation.kind),
    },
    physicianLocation: current.physicianLocation,
    participants: current.participants.length > 0 ? current.participants : draft.participants,
    startedAt: pick(current.startedAt, draft.startedAt),
    endedAt: pick(current.endedAt, draft.endedAt),
    totalMinutes: pick(current.totalMinutes, draft.totalMinutes),
    consent: current.consent.version === null ? draft.consent : current.consent,
    identity: {
      dateOfBirthConfirmedAt: pick(current.identity.dateOfBirthConfirmedAt, draft.identity.dateOfBirthConfirmedAt),
      physicianAttested: current.identity.physicianAttested || draft.identity.physicianAttested,
      attestedAt: pick(current.identity.attestedAt, draft.identity.attestedAt),
    },
  };
}

/**
 * "Refresh from visit": everything recorded about the visit is taken again
 * from the draft; what only the physician states (their location) stays.
 */
export function refreshFromVisit(current: TelehealthBlock | null, draft: TelehealthBlock): TelehealthBlock {
  return { ...draft, physicianLocation: current?.physicianLocation ?? draft.physicianLocation };
}

const LOCATION_KIND_TEXT: Record<PatientLocationKind, string> = { HOME: "home", OTHER: "not at home" };
const PHYSICIAN_LOCATION_TEXT: Record<PhysicianLocationType, string> = { CLINIC: "clinic", HOME: "home", OTHER: "other location" };
export const ROLE_TEXT: Record<ParticipantRole, string> = { PATIENT: "patient", PHYSICIAN: "physician", INTERPRETER: "interpreter", GUEST: "guest" };

export function participantText(person: TelehealthParticipant): string {
  const detail = person.role === "INTERPRETER" ? person.language : person.role === "GUEST" ? person.relationship : null;
  return `${person.name} (${ROLE_TEXT[person.role]}${detail ? `, ${detail}` : ""})`;
}

/** The block as plain lines, for the note's text, the superbill and the FHIR document. Times in UTC ISO form. */
export function telehealthLines(block: TelehealthBlock): string[] {
  const unstated = "not stated";
  const modality =
    block.modality === null ? unstated : block.modality === "VIDEO" ? "video (synchronous audio and video)" : `audio-only (video not used: ${block.audioOnlyReason ?? unstated})`;
  const place = block.patientLocation;
  const physician = block.physicianLocation;
  return [
    `Modality: ${modality}`,
    `Patient location: ${[place.address, place.state, place.country].filter(Boolean).join(", ") || unstated}${place.kind ? ` (${LOCATION_KIND_TEXT[place.kind]})` : ""}`,
    `Physician location: ${physician.type ? PHYSICIAN_LOCATION_TEXT[physician.type] : unstated}${physician.state ? `, ${physician.state}` : ""}`,
    `Participants: ${block.participants.map(participantText).join("; ") || unstated}`,
    `Time: ${block.startedAt ?? unstated} to ${block.endedAt ?? unstated}, ${block.totalMinutes === null ? unstated : `${block.totalMinutes} minutes`}`,
    `Consent: ${block.consent.version === null ? unstated : `version ${block.consent.version}, signed ${block.consent.signedAt ?? unstated}`}`,
    `Identity: ${[
      block.identity.dateOfBirthConfirmedAt ? `date of birth confirmed at check-in ${block.identity.dateOfBirthConfirmedAt}` : null,
      block.identity.physicianAttested ? `verified by the physician${block.identity.attestedAt ? ` ${block.identity.attestedAt}` : ""}` : null,
    ]
      .filter(Boolean)
      .join("; ") || unstated}`,
  ];
}
