import { describe, expect, it } from "vitest";
import { ACTIONS, CLINICAL_ACTIONS, decide, scopeAllowsRead, type Action, type Actor, type Resource } from "./policy";

const user = (role: Extract<Actor, { kind: "user" }>["role"], extra: Partial<Extract<Actor, { kind: "user" }>> = {}): Actor => ({
  kind: "user",
  userId: `${role}-user`,
  role,
  name: role,
  patientId: null,
  physicianId: null,
  mfaSatisfied: true,
  ...extra,
});

const patientSelf = user("PATIENT", { patientId: "pat-1" });
const physician = user("PHYSICIAN", { physicianId: "doc-1" });
const scheduler = user("SCHEDULER");
const admin = user("ADMIN");
const patientResource: Resource = { type: "patient", patientId: "pat-1" };
const appointment: Resource = { type: "appointment", appointmentId: "appt-1", patientId: "pat-1", physicianId: "doc-1" };
const treating = { treatingRelationship: true };
const stranger = { treatingRelationship: false };

const allowed = (actor: Actor, action: Action, resource: Resource, facts = stranger, breakGlassReason?: string) =>
  decide({ actor, action, resource, facts, breakGlassReason }).allowed;

describe("a patient", () => {
  it("reads their own chart and appointments but never another patient's", () => {
    expect(allowed(patientSelf, "chart.read", patientResource)).toBe(true);
    expect(allowed(patientSelf, "appointment.write", appointment)).toBe(true);
    expect(allowed(patientSelf, "chart.read", { type: "patient", patientId: "pat-2" })).toBe(false);
    expect(allowed(patientSelf, "visit.join", { ...appointment, patientId: "pat-2" })).toBe(false);
  });

  it("cannot write clinical data, even their own", () => {
    for (const action of ["chart.write", "note.write", "note.sign", "prescription.write"] as const) {
      expect(allowed(patientSelf, action, patientResource)).toBe(false);
    }
  });
});

describe("a physician", () => {
  it("sees the clinical record of a patient they have an appointment with", () => {
    for (const action of CLINICAL_ACTIONS) expect(allowed(physician, action, patientResource, treating)).toBe(true);
  });

  it("is refused another patient's chart, with break-glass offered for reading", () => {
    const decision = decide({ actor: physician, action: "chart.read", resource: patientResource, facts: stranger });
    expect(decision).toEqual({ allowed: false, reason: expect.stringMatching(/reason/), breakGlassAvailable: true });
    expect(allowed(physician, "chart.write", patientResource)).toBe(false);
  });

  it("opens another patient's chart only with a real reason, flagged as break-glass", () => {
    expect(allowed(physician, "chart.read", patientResource, stranger, "short")).toBe(false);
    expect(
      decide({ actor: physician, action: "chart.read", resource: patientResource, facts: stranger, breakGlassReason: "Patient collapsed in clinic, on-call cover" }),
    ).toEqual({ allowed: true, breakGlass: true });
    expect(allowed(physician, "prescription.write", patientResource, stranger, "Patient collapsed in clinic, on-call cover")).toBe(false);
  });

  it("joins and writes notes only for their own appointments", () => {
    expect(allowed(physician, "visit.join", appointment, treating)).toBe(true);
    expect(allowed(physician, "note.sign", { ...appointment, physicianId: "doc-2" }, treating)).toBe(false);
  });

  it("hosts only their own visits: waiting room, admission, guests, ending", () => {
    expect(allowed(physician, "visit.host", appointment, treating)).toBe(true);
    expect(allowed(physician, "visit.host", { ...appointment, physicianId: "doc-2" }, treating)).toBe(false);
    expect(allowed(physician, "visit.host", { type: "physician", physicianId: "doc-1" })).toBe(true);
    expect(allowed(physician, "visit.host", { type: "physician", physicianId: "doc-2" })).toBe(false);
  });

  it("edits only their own availability", () => {
    expect(allowed(physician, "availability.write", { type: "physician", physicianId: "doc-1" })).toBe(true);
    expect(allowed(physician, "availability.write", { type: "physician", physicianId: "doc-2" })).toBe(false);
  });
});

describe("a scheduler", () => {
  it("manages demographics, availability and appointments", () => {
    expect(allowed(scheduler, "patient.demographics.write", patientResource)).toBe(true);
    expect(allowed(scheduler, "appointment.write", appointment)).toBe(true);
    expect(allowed(scheduler, "availability.write", { type: "physician", physicianId: "doc-9" })).toBe(true);
  });

  it("never sees clinical data", () => {
    for (const action of CLINICAL_ACTIONS) expect(allowed(scheduler, action, patientResource, treating)).toBe(false);
  });
});

describe("an admin", () => {
  it("reads the audit trail and manages users, and sees no clinical data", () => {
    expect(allowed(admin, "audit.read", { type: "clinic" })).toBe(true);
    expect(allowed(admin, "users.manage", { type: "clinic" })).toBe(true);
    for (const action of CLINICAL_ACTIONS) expect(allowed(admin, action, patientResource, treating)).toBe(false);
    expect(allowed(admin, "patient.demographics.read", patientResource)).toBe(false);
  });

  it("keeps a physician's clinical access when also a physician", () => {
    const clinicianAdmin = user("ADMIN", { physicianId: "doc-1" });
    expect(allowed(clinicianAdmin, "chart.read", patientResource, treating)).toBe(true);
    expect(allowed(clinicianAdmin, "chart.read", patientResource, stranger)).toBe(false);
  });
});

describe("everyone else", () => {
  it("anonymous visitors and staff without MFA are refused everything", () => {
    const unenrolled = user("SCHEDULER", { mfaSatisfied: false });
    for (const action of ACTIONS) {
      for (const resource of [patientResource, appointment, { type: "clinic" } as const]) {
        expect(allowed({ kind: "anonymous" }, action, resource, treating)).toBe(false);
        expect(allowed(unenrolled, action, resource, treating)).toBe(false);
      }
    }
  });

  it("a visit link opens only its own visit and its summary", () => {
    const link: Actor = { kind: "visitLink", linkId: "l-1", appointmentId: "appt-1", patientId: "pat-1" };
    expect(allowed(link, "visit.join", appointment)).toBe(true);
    expect(allowed(link, "visit.summary.read", appointment)).toBe(true);
    expect(allowed(link, "visit.join", { ...appointment, appointmentId: "appt-2" })).toBe(false);
    expect(allowed(link, "chart.read", patientResource)).toBe(false);
    expect(allowed(link, "appointment.read", appointment)).toBe(false);
    expect(allowed(link, "visit.host", appointment)).toBe(false);
  });

  it("a guest link joins only its own visit, and reads nothing", () => {
    const guest: Actor = { kind: "visitGuest", guestId: "g-1", appointmentId: "appt-1", patientId: "pat-1", displayName: "Sam" };
    expect(allowed(guest, "visit.join", appointment)).toBe(true);
    expect(allowed(guest, "visit.join", { ...appointment, appointmentId: "appt-2" })).toBe(false);
    for (const action of ACTIONS.filter((name) => name !== "visit.join")) {
      for (const resource of [patientResource, appointment, { type: "physician", physicianId: "doc-1" } as const, { type: "clinic" } as const]) {
        expect(allowed(guest, action, resource, treating)).toBe(false);
      }
    }
  });

  it("only the physician hosts a visit", () => {
    for (const actor of [patientSelf, scheduler, admin, user("PHYSICIAN", { physicianId: "doc-2" })]) {
      expect(allowed(actor, "visit.host", appointment, treating)).toBe(false);
      expect(allowed(actor, "visit.host", { type: "clinic" }, treating)).toBe(false);
    }
  });
});

describe("an integration (SMART Backend Services client)", () => {
  const integration = (scopes: string[]): Actor => ({ kind: "integration", clientId: "client-1", name: "Registry", scopes });
  const reads = (actor: Actor, action: Action, fhirResourceType: string | undefined, resource: Resource = patientResource) =>
    decide({ actor, action, resource, facts: stranger, fhirResourceType }).allowed;

  it("reads any patient's records of the types its scopes name, with no care relationship", () => {
    const patientsOnly = integration(["system/Patient.read"]);
    expect(reads(patientsOnly, "patient.demographics.read", "Patient")).toBe(true);
    expect(reads(patientsOnly, "chart.read", "Observation")).toBe(false);
    const everything = integration(["system/*.read"]);
    for (const [action, type] of [["chart.read", "Observation"], ["note.read", "DocumentReference"], ["appointment.read", "Appointment"]] as const) {
      expect(reads(everything, action, type)).toBe(true);
    }
    expect(reads(integration(["system/Observation.rs"]), "chart.read", "Observation")).toBe(true);
  });

  it("never changes records (only imports outside ones), whatever its scopes say", () => {
    const everything = integration(["system/*.read", "system/*.write", "system/*.cruds"]);
    for (const action of ACTIONS.filter((name) => !name.endsWith(".read") && name !== "records.import")) {
      expect(reads(everything, action, "Patient"), action).toBe(false);
    }
    expect(reads(everything, "audit.read", "AuditEvent", { type: "clinic" })).toBe(false);
  });

  it("reads only through the FHIR API, which names the resource type", () => {
    expect(reads(integration(["system/*.read"]), "chart.read", undefined)).toBe(false);
  });

  it("understands only system-level read scopes", () => {
    expect(scopeAllowsRead("system/Patient.read", "Patient")).toBe(true);
    expect(scopeAllowsRead("system/Patient.r", "Patient")).toBe(true);
    expect(scopeAllowsRead("system/*.read", "Condition")).toBe(true);
    expect(scopeAllowsRead("patient/*.read", "Condition")).toBe(false);
    expect(scopeAllowsRead("user/Patient.read", "Patient")).toBe(false);
    expect(scopeAllowsRead("system/Patient.write", "Patient")).toBe(false);
    expect(scopeAllowsRead("system/Patients.read", "Patient")).toBe(false);
  });
});

describe("downloading a patient's whole record", () => {
  it("is for the patient themself and for administrators on a records request, nobody else", () => {
    expect(allowed(patientSelf, "patient.record.export", patientResource)).toBe(true);
    expect(allowed(patientSelf, "patient.record.export", { type: "patient", patientId: "pat-2" })).toBe(false);
    expect(allowed(admin, "patient.record.export", patientResource)).toBe(true);
    expect(allowed(admin, "patient.record.export", { type: "clinic" })).toBe(false);
    expect(allowed(physician, "patient.record.export", patientResource, treating)).toBe(false);
    expect(allowed(scheduler, "patient.record.export", patientResource)).toBe(false);
    expect(allowed({ kind: "integration", clientId: "c", name: "c", scopes: ["system/*.read"] }, "patient.record.export", patientResource)).toBe(false);
  });
});

describe("importing outside records", () => {
  it("is for integrations holding system/*.write, and no signed-in user", () => {
    const importer: Actor = { kind: "integration", clientId: "c", name: "c", scopes: ["system/*.write"] };
    const reader: Actor = { kind: "integration", clientId: "c", name: "c", scopes: ["system/*.read"] };
    expect(allowed(importer, "records.import", { type: "clinic" })).toBe(true);
    expect(allowed(reader, "records.import", { type: "clinic" })).toBe(false);
    for (const actor of [admin, physician, scheduler, patientSelf]) expect(allowed(actor, "records.import", { type: "clinic" }, treating)).toBe(false);
  });
});
