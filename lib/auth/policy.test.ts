import { describe, expect, it } from "vitest";
import type { AppointmentStatus } from "@/lib/db/generated/enums";
import {
  ACTIONS,
  CLINICAL_ACTIONS,
  decide,
  DEFAULT_CARE_BOUNDARIES,
  inCareWindow,
  isClinicalAction,
  mayReadNote,
  OPEN_VISIT_GRACE_MS,
  patientOf,
  scopeAllowsRead,
  type AccessRequest,
  type Action,
  type Actor,
  type CareAppointment,
  type Facts,
  type Resource,
} from "./policy";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = new Date("2026-12-03T12:00:00Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

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
const colleaguesAppointment: Resource = { ...appointment, appointmentId: "appt-2", physicianId: "doc-2" };
const clinic: Resource = { type: "clinic" };

/** A visit of `minutes` starting `startOffsetMs` from NOW. */
const visit = (status: AppointmentStatus, startOffsetMs: number, minutes = 30): CareAppointment => ({
  status,
  startsAt: at(startOffsetMs),
  endsAt: at(startOffsetMs + minutes * MINUTE),
});
/** A visit of `minutes` that ended `endOffsetMs` from NOW. */
const visitEnding = (status: AppointmentStatus, endOffsetMs: number, minutes = 30): CareAppointment =>
  visit(status, endOffsetMs - minutes * MINUTE, minutes);

const factsWith = (careAppointments: readonly CareAppointment[] = [], breakGlassGrant: Facts["breakGlassGrant"] = null): Facts => ({
  now: NOW,
  careAppointments,
  breakGlassGrant,
});
const treating = factsWith([visitEnding("COMPLETED", -30 * DAY)]);
const stranger = factsWith();
const openGrant = factsWith([], { id: "grant-1", expiresAt: at(30 * MINUTE) });

const request = (actor: Actor, action: Action, resource: Resource, facts = stranger, extra: Partial<AccessRequest> = {}): AccessRequest => ({
  actor,
  action,
  resource,
  facts,
  ...extra,
});
const allowed = (actor: Actor, action: Action, resource: Resource, facts = stranger, extra: Partial<AccessRequest> = {}) =>
  decide(request(actor, action, resource, facts, extra)).allowed;

describe("the care window", () => {
  it("defaults to a week before a booked visit and a year after a completed one", () => {
    expect(DEFAULT_CARE_BOUNDARIES).toEqual({ beforeVisitMs: 7 * DAY, afterCompletedVisitMs: 365 * DAY });
    expect(OPEN_VISIT_GRACE_MS).toBe(12 * HOUR);
  });

  it("opens 7 days before a booked visit starts, to the minute", () => {
    expect(inCareWindow([visit("BOOKED", 7 * DAY + MINUTE)], NOW)).toBe(false);
    expect(inCareWindow([visit("BOOKED", 7 * DAY)], NOW)).toBe(true);
    expect(inCareWindow([visit("BOOKED", 7 * DAY - MINUTE)], NOW)).toBe(true);
  });

  it("gives a booking far ahead nothing, whoever made it", () => {
    expect(inCareWindow([visit("BOOKED", 365 * DAY)], NOW)).toBe(false);
    expect(inCareWindow([visit("BOOKED", 30 * DAY)], NOW)).toBe(false);
  });

  it("holds during a visit and for 12 hours after a visit that was never completed, then closes", () => {
    for (const status of ["BOOKED", "CHECKED_IN", "IN_PROGRESS"] as const) {
      expect(inCareWindow([visit(status, -10 * MINUTE)], NOW), `${status} under way`).toBe(true);
      expect(inCareWindow([visitEnding(status, -12 * HOUR)], NOW), `${status} ended 12 hours ago`).toBe(true);
      expect(inCareWindow([visitEnding(status, -12 * HOUR - MINUTE)], NOW), `${status} ended 12 hours and a minute ago`).toBe(false);
    }
  });

  it("lasts 365 days after the end of the last completed visit, to the minute", () => {
    expect(inCareWindow([visitEnding("COMPLETED", -365 * DAY + MINUTE)], NOW)).toBe(true);
    expect(inCareWindow([visitEnding("COMPLETED", -365 * DAY)], NOW)).toBe(true);
    expect(inCareWindow([visitEnding("COMPLETED", -365 * DAY - MINUTE)], NOW)).toBe(false);
  });

  it("counts the latest completed visit among older ones", () => {
    expect(inCareWindow([visitEnding("COMPLETED", -800 * DAY), visitEnding("COMPLETED", -100 * DAY)], NOW)).toBe(true);
    expect(inCareWindow([visitEnding("COMPLETED", -800 * DAY), visitEnding("COMPLETED", -400 * DAY)], NOW)).toBe(false);
  });

  it("gives a no-show or a cancelled visit nothing, however close", () => {
    for (const status of ["NO_SHOW", "CANCELLED"] as const) {
      expect(inCareWindow([visit(status, -10 * MINUTE)], NOW), `${status} now`).toBe(false);
      expect(inCareWindow([visitEnding(status, -DAY)], NOW), `${status} yesterday`).toBe(false);
      expect(inCareWindow([visit(status, DAY)], NOW), `${status} tomorrow`).toBe(false);
    }
    expect(inCareWindow([visitEnding("NO_SHOW", -DAY), visit("CANCELLED", DAY)], NOW)).toBe(false);
  });

  it("does not open early for a visit completed ahead of its time", () => {
    expect(inCareWindow([visit("COMPLETED", 30 * DAY)], NOW)).toBe(false);
    expect(inCareWindow([visit("COMPLETED", 7 * DAY)], NOW)).toBe(true);
  });

  it("holds with no appointments at all for nobody", () => {
    expect(inCareWindow([], NOW)).toBe(false);
  });

  it("follows the clinic's own boundaries", () => {
    const boundaries = { beforeVisitMs: DAY, afterCompletedVisitMs: 30 * DAY };
    expect(inCareWindow([visit("BOOKED", DAY + MINUTE)], NOW, boundaries)).toBe(false);
    expect(inCareWindow([visit("BOOKED", DAY)], NOW, boundaries)).toBe(true);
    expect(inCareWindow([visitEnding("COMPLETED", -30 * DAY)], NOW, boundaries)).toBe(true);
    expect(inCareWindow([visitEnding("COMPLETED", -30 * DAY - MINUTE)], NOW, boundaries)).toBe(false);
  });
});

describe("a patient", () => {
  it("reads their own chart and appointments but never another patient's", () => {
    expect(allowed(patientSelf, "chart.read", patientResource)).toBe(true);
    expect(allowed(patientSelf, "appointment.write", appointment)).toBe(true);
    expect(allowed(patientSelf, "availability.read", { type: "physician", physicianId: "doc-1" })).toBe(true);
    expect(allowed(patientSelf, "availability.read", clinic)).toBe(true);
    expect(allowed(patientSelf, "chart.read", { type: "patient", patientId: "pat-2" })).toBe(false);
    expect(allowed(patientSelf, "visit.join", { ...appointment, patientId: "pat-2" })).toBe(false);
    expect(decide(request(patientSelf, "note.read", patientResource))).toEqual({
      allowed: false,
      reason: "Patients can only see their own records.",
      breakGlassAvailable: false,
    });
  });

  it("cannot write clinical data, even their own, nor break the glass or review access", () => {
    for (const action of ["chart.write", "note.write", "note.sign", "prescription.write", "lab.order", "lab.review", "chart.breakGlass"] as const) {
      expect(allowed(patientSelf, action, patientResource, treating, { freshSecondFactor: true })).toBe(false);
    }
    expect(allowed(patientSelf, "access.review.acknowledge", { type: "accessReview", reviewId: "r-1", actorId: "x", patientId: "pat-1" })).toBe(false);
  });

  it("without a patient record of their own sees nobody's", () => {
    expect(allowed(user("PATIENT"), "chart.read", patientResource)).toBe(false);
  });
});

describe("a physician", () => {
  it("does everything care needs inside the care relationship", () => {
    const care: Action[] = [...CLINICAL_ACTIONS, "patient.demographics.read", "appointment.read", "visit.summary.read"];
    for (const action of care) {
      expect(decide(request(physician, action, patientResource, treating)), action).toEqual({ allowed: true, breakGlass: false });
    }
  });

  it("is refused a chart outside the care relationship, with break-glass offered for reading and prescribing", () => {
    expect(decide(request(physician, "chart.read", patientResource))).toEqual({
      allowed: false,
      reason: "You have no current care relationship with this patient. In an emergency, open the chart with break-glass access.",
      breakGlassAvailable: true,
    });
    for (const action of ["note.read", "patient.demographics.read", "prescription.write"] as const) {
      expect(decide(request(physician, action, patientResource)), action).toMatchObject({ allowed: false, breakGlassAvailable: true });
    }
    for (const action of ["chart.write", "appointment.read", "visit.summary.read"] as const) {
      expect(decide(request(physician, action, patientResource)), action).toEqual({
        allowed: false,
        reason: "You have no current care relationship with this patient.",
        breakGlassAvailable: false,
      });
    }
  });

  it("is refused the chart of a patient they only missed, or only booked far ahead", () => {
    const noShowOnly = factsWith([visitEnding("NO_SHOW", -DAY)]);
    const farAhead = factsWith([visit("BOOKED", 90 * DAY)]);
    const cancelledOnly = factsWith([visit("CANCELLED", DAY)]);
    for (const facts of [noShowOnly, farAhead, cancelledOnly]) {
      expect(decide(request(physician, "chart.read", patientResource, facts))).toMatchObject({ allowed: false, breakGlassAvailable: true });
    }
    expect(allowed(physician, "chart.read", patientResource, factsWith([visit("BOOKED", 6 * DAY)]))).toBe(true);
  });

  it("uses the clinic's boundaries when given", () => {
    const inTenDays = factsWith([visit("BOOKED", 10 * DAY)]);
    expect(allowed(physician, "chart.read", patientResource, inTenDays)).toBe(false);
    expect(allowed(physician, "chart.read", patientResource, inTenDays, { boundaries: { beforeVisitMs: 14 * DAY, afterCompletedVisitMs: DAY } })).toBe(true);
  });

  it("reads and prescribes through an open break-glass grant, flagged as break-glass, and nothing else", () => {
    for (const action of ["chart.read", "note.read", "patient.demographics.read", "prescription.write"] as const) {
      expect(decide(request(physician, action, patientResource, openGrant)), action).toEqual({ allowed: true, breakGlass: true });
    }
    for (const action of ["chart.write", "appointment.read", "visit.summary.read", "lab.order", "lab.review"] as const) {
      expect(allowed(physician, action, patientResource, openGrant), action).toBe(false);
    }
    expect(allowed(physician, "note.sign", colleaguesAppointment, openGrant)).toBe(false);
  });

  it("reads their own results and tasks inbox, nobody else's", () => {
    expect(allowed(physician, "inbox.read", { type: "physician", physicianId: "doc-1" })).toBe(true);
    expect(allowed(physician, "inbox.read", { type: "physician", physicianId: "doc-2" })).toBe(false);
    for (const other of [scheduler, admin, patientSelf]) expect(allowed(other, "inbox.read", { type: "physician", physicianId: "doc-1" })).toBe(false);
  });

  it("loses the grant the moment it runs out", () => {
    expect(allowed(physician, "chart.read", patientResource, factsWith([], { id: "g", expiresAt: at(1) }))).toBe(true);
    expect(allowed(physician, "chart.read", patientResource, factsWith([], { id: "g", expiresAt: NOW }))).toBe(false);
    expect(allowed(physician, "chart.read", patientResource, factsWith([], { id: "g", expiresAt: at(-MINUTE) }))).toBe(false);
  });

  it("inside the care relationship needs no break-glass, grant or not", () => {
    const both = factsWith(treating.careAppointments, { id: "g", expiresAt: at(HOUR) });
    expect(decide(request(physician, "chart.read", patientResource, both))).toEqual({ allowed: true, breakGlass: false });
  });

  it("prescribes at a colleague's visit only through break-glass, even while treating the patient", () => {
    expect(decide(request(physician, "prescription.write", colleaguesAppointment, treating))).toEqual({
      allowed: false,
      reason: "Only the visit's own physician prescribes at it. Anyone else needs break-glass access.",
      breakGlassAvailable: true,
    });
    expect(decide(request(physician, "prescription.write", colleaguesAppointment, openGrant))).toEqual({ allowed: true, breakGlass: true });
    // Reading a colleague's visit stays part of treating the patient.
    expect(decide(request(physician, "note.read", colleaguesAppointment, treating))).toEqual({ allowed: true, breakGlass: false });
  });

  it("prescribes at their own visit inside the care relationship, or through break-glass outside it", () => {
    expect(decide(request(physician, "prescription.write", appointment, treating))).toEqual({ allowed: true, breakGlass: false });
    expect(decide(request(physician, "prescription.write", appointment, factsWith([visit("BOOKED", 60 * DAY)])))).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("no current care relationship"),
      breakGlassAvailable: true,
    });
    expect(decide(request(physician, "prescription.write", appointment, openGrant))).toEqual({ allowed: true, breakGlass: true });
  });

  it("joins, hosts and writes notes only for their own appointments, whatever the relationship", () => {
    for (const action of ["visit.join", "visit.host", "note.write", "note.sign"] as const) {
      expect(allowed(physician, action, appointment, stranger), action).toBe(true);
      expect(decide(request(physician, action, colleaguesAppointment, treating)), action).toEqual({
        allowed: false,
        reason: "Only the appointment's physician can do this.",
        breakGlassAvailable: false,
      });
    }
  });

  it("reads their own appointment, its note and summary at any time, but a colleague's only inside the care relationship", () => {
    for (const action of ["appointment.read", "note.read", "visit.summary.read"] as const) {
      expect(decide(request(physician, action, appointment, stranger)), action).toEqual({ allowed: true, breakGlass: false });
      expect(allowed(physician, action, colleaguesAppointment, stranger), action).toBe(false);
      expect(allowed(physician, action, colleaguesAppointment, treating), action).toBe(true);
    }
    expect(allowed(physician, "chart.read", appointment, stranger)).toBe(false);
  });

  it("breaks the glass on a patient's chart only with a fresh code", () => {
    expect(decide(request(physician, "chart.breakGlass", patientResource, stranger, { freshSecondFactor: true }))).toEqual({
      allowed: true,
      breakGlass: false,
    });
    for (const freshSecondFactor of [false, undefined]) {
      expect(decide(request(physician, "chart.breakGlass", patientResource, stranger, { freshSecondFactor }))).toEqual({
        allowed: false,
        reason: "Enter the current code from your authenticator app. Each code works once.",
        breakGlassAvailable: false,
      });
    }
    expect(decide(request(physician, "chart.breakGlass", colleaguesAppointment, stranger, { freshSecondFactor: true }))).toEqual({
      allowed: false,
      reason: "Break-glass access is to a patient's chart.",
      breakGlassAvailable: false,
    });
  });

  it("looks a patient up by record number and reads the whole clinic's availability, and does nothing else clinic-wide", () => {
    expect(decide(request(physician, "patient.lookup", clinic))).toEqual({ allowed: true, breakGlass: false });
    expect(decide(request(physician, "availability.read", clinic))).toEqual({ allowed: true, breakGlass: false });
    for (const action of ["audit.read", "users.manage", "access.review.read", "appointment.read"] as const) {
      expect(decide(request(physician, action, clinic)), action).toEqual({ allowed: false, reason: "This is for administrators.", breakGlassAvailable: false });
    }
    expect(decide(request(physician, "patient.lookup", patientResource, treating))).toEqual({
      allowed: false,
      reason: "Physicians cannot do this.",
      breakGlassAvailable: false,
    });
    expect(allowed(physician, "patient.demographics.write", patientResource, treating)).toBe(false);
  });

  it("takes no part in the access review queue", () => {
    const review: Resource = { type: "accessReview", reviewId: "r-1", actorId: "someone", patientId: "pat-1" };
    for (const action of ["access.review.read", "access.review.acknowledge", "chart.read"] as const) {
      expect(decide(request(physician, action, review, treating)), action).toEqual({
        allowed: false,
        reason: "This is for administrators.",
        breakGlassAvailable: false,
      });
    }
  });

  it("hosts only their own visits: waiting room, admission, guests, ending", () => {
    expect(allowed(physician, "visit.host", { type: "physician", physicianId: "doc-1" })).toBe(true);
    expect(allowed(physician, "visit.host", { type: "physician", physicianId: "doc-2" })).toBe(false);
  });

  it("reads anyone's availability and edits only their own", () => {
    expect(allowed(physician, "availability.read", { type: "physician", physicianId: "doc-2" })).toBe(true);
    expect(allowed(physician, "availability.write", { type: "physician", physicianId: "doc-1" })).toBe(true);
    expect(decide(request(physician, "availability.write", { type: "physician", physicianId: "doc-2" }))).toEqual({
      allowed: false,
      reason: "Physicians manage only their own availability and visits.",
      breakGlassAvailable: false,
    });
  });
});

describe("a scheduler", () => {
  it("manages demographics, availability and appointments", () => {
    expect(allowed(scheduler, "patient.demographics.write", patientResource)).toBe(true);
    expect(allowed(scheduler, "appointment.write", appointment)).toBe(true);
    expect(allowed(scheduler, "availability.write", { type: "physician", physicianId: "doc-9" })).toBe(true);
    expect(allowed(scheduler, "availability.read", clinic)).toBe(true);
  });

  it("chooses which visit types a physician offers, as administrators do; neither the physician alone nor a patient", () => {
    const doctor: Resource = { type: "physician", physicianId: "doc-1" };
    expect(allowed(scheduler, "visitTypes.offer", doctor)).toBe(true);
    expect(allowed(admin, "visitTypes.offer", doctor)).toBe(true);
    expect(allowed(physician, "visitTypes.offer", doctor)).toBe(false);
    expect(allowed(patientSelf, "visitTypes.offer", doctor)).toBe(false);
  });

  it("never sees clinical data, never breaks the glass, never reviews access", () => {
    for (const action of CLINICAL_ACTIONS) {
      expect(decide(request(scheduler, action, patientResource, treating))).toEqual({
        allowed: false,
        reason: "Schedulers do not see clinical records.",
        breakGlassAvailable: false,
      });
    }
    for (const action of ["chart.breakGlass", "patient.lookup", "access.review.read", "audit.read"] as const) {
      expect(decide(request(scheduler, action, clinic, openGrant, { freshSecondFactor: true }))).toEqual({
        allowed: false,
        reason: "Schedulers cannot do this.",
        breakGlassAvailable: false,
      });
    }
  });
});

describe("an admin", () => {
  it("reads the audit trail and the review queue and manages users", () => {
    for (const action of ["audit.read", "users.manage", "access.review.read"] as const) {
      expect(decide(request(admin, action, clinic)), action).toEqual({ allowed: true, breakGlass: false });
    }
  });

  it("does not search availability, one physician's or the whole clinic's", () => {
    expect(allowed(admin, "availability.read", clinic)).toBe(false);
    expect(allowed(admin, "availability.read", { type: "physician", physicianId: "doc-1" })).toBe(false);
  });

  it("never sees clinical data or demographics, even with a physician record or a grant", () => {
    for (const actor of [admin, user("ADMIN", { physicianId: "doc-1" })]) {
      for (const action of CLINICAL_ACTIONS) {
        expect(decide(request(actor, action, patientResource, factsWith(treating.careAppointments, openGrant.breakGlassGrant)))).toEqual({
          allowed: false,
          reason: "Administrators do not see clinical records.",
          breakGlassAvailable: false,
        });
      }
      expect(decide(request(actor, "patient.demographics.read", patientResource, treating))).toEqual({
        allowed: false,
        reason: "Administrators cannot do this.",
        breakGlassAvailable: false,
      });
      expect(allowed(actor, "chart.breakGlass", patientResource, stranger, { freshSecondFactor: true })).toBe(false);
      expect(allowed(actor, "visit.join", appointment, treating)).toBe(false);
    }
  });

  it("acknowledges an entry of the review queue, except their own change", () => {
    const others: Resource = { type: "accessReview", reviewId: "r-1", actorId: "someone-else", patientId: null };
    const own: Resource = { ...others, actorId: "ADMIN-user" };
    expect(decide(request(admin, "access.review.acknowledge", others))).toEqual({ allowed: true, breakGlass: false });
    expect(decide(request(admin, "access.review.acknowledge", own))).toEqual({
      allowed: false,
      reason: "You made this change, so another administrator reviews it.",
      breakGlassAvailable: false,
    });
    expect(allowed(admin, "access.review.read", others)).toBe(false);
    expect(allowed(admin, "access.review.acknowledge", clinic)).toBe(false);
  });
});

describe("everyone else", () => {
  const resources: Resource[] = [
    patientResource,
    appointment,
    { type: "physician", physicianId: "doc-1" },
    { type: "accessReview", reviewId: "r-1", actorId: "x", patientId: "pat-1" },
    clinic,
  ];

  it("anonymous visitors and staff without MFA are refused everything", () => {
    const unenrolled = user("PHYSICIAN", { physicianId: "doc-1", mfaSatisfied: false });
    for (const action of ACTIONS) {
      for (const resource of resources) {
        expect(decide(request({ kind: "anonymous" }, action, resource, openGrant, { freshSecondFactor: true }))).toEqual({
          allowed: false,
          reason: "Sign in to continue.",
          breakGlassAvailable: false,
        });
        expect(decide(request(unenrolled, action, resource, openGrant, { freshSecondFactor: true }))).toEqual({
          allowed: false,
          reason: "Finish setting up two-step verification first.",
          breakGlassAvailable: false,
        });
      }
    }
  });

  it("a visit link opens only its own visit, its check-in and its summary", () => {
    const link: Actor = { kind: "visitLink", linkId: "l-1", appointmentId: "appt-1", patientId: "pat-1" };
    const linkActions: readonly Action[] = ["visit.join", "visit.summary.read", "checkin.read", "checkin.write", "intake.read", "intake.write"];
    for (const action of linkActions) expect(allowed(link, action, appointment), action).toBe(true);
    expect(decide(request(link, "visit.join", { ...appointment, appointmentId: "appt-2" }))).toEqual({
      allowed: false,
      reason: "This visit link only opens its own visit.",
      breakGlassAvailable: false,
    });
    for (const action of ACTIONS.filter((name) => !linkActions.includes(name))) {
      expect(allowed(link, action, appointment, treating), action).toBe(false);
    }
    expect(allowed(link, "intake.write", { ...appointment, appointmentId: "appt-2" })).toBe(false);
    expect(allowed(link, "visit.join", patientResource)).toBe(false);
  });

  it("a confirm-or-cancel link changes only its own appointment, and reads nothing", () => {
    const reply: Actor = { kind: "replyLink", appointmentId: "appt-1", patientId: "pat-1" };
    expect(allowed(reply, "appointment.write", appointment)).toBe(true);
    expect(allowed(reply, "appointment.write", { ...appointment, appointmentId: "appt-2" })).toBe(false);
    for (const action of ACTIONS.filter((name) => name !== "appointment.write")) {
      expect(allowed(reply, action, appointment, treating), action).toBe(false);
    }
  });

  it("a guest link joins only its own visit, and reads nothing", () => {
    const guest: Actor = { kind: "visitGuest", guestId: "g-1", appointmentId: "appt-1", patientId: "pat-1", displayName: "Sam" };
    expect(allowed(guest, "visit.join", appointment)).toBe(true);
    expect(decide(request(guest, "visit.join", { ...appointment, appointmentId: "appt-2" }))).toEqual({
      allowed: false,
      reason: "This guest link only opens its own visit.",
      breakGlassAvailable: false,
    });
    expect(allowed(guest, "visit.join", patientResource)).toBe(false);
    for (const action of ACTIONS.filter((name) => name !== "visit.join")) {
      for (const resource of resources) expect(allowed(guest, action, resource, treating)).toBe(false);
    }
  });

  it("only the physician hosts a visit", () => {
    for (const actor of [patientSelf, scheduler, admin, user("PHYSICIAN", { physicianId: "doc-2" })]) {
      expect(allowed(actor, "visit.host", appointment, treating)).toBe(false);
      expect(allowed(actor, "visit.host", clinic, treating)).toBe(false);
    }
  });
});

describe("the check-in's intake and photos", () => {
  const otherPatient = user("PATIENT", { patientId: "pat-2" });
  const colleague = user("PHYSICIAN", { physicianId: "doc-2" });
  const photoActions: Action[] = ["intake.photo.read", "intake.idPhoto.read", "identity.verify"];

  it("the visit's patient answers and reads their own; they see no photo back and attest nothing", () => {
    expect(allowed(patientSelf, "intake.write", appointment)).toBe(true);
    expect(allowed(patientSelf, "intake.read", appointment)).toBe(true);
    for (const action of photoActions) expect(allowed(patientSelf, action, appointment), action).toBe(false);
    expect(allowed(otherPatient, "intake.write", appointment)).toBe(false);
    expect(allowed(otherPatient, "intake.read", appointment)).toBe(false);
  });

  it("the visit's physician reads the answers and the photos, the ID photo too, and attests identity; they answer nothing", () => {
    for (const action of ["intake.read", ...photoActions] as Action[]) expect(allowed(physician, action, appointment), action).toBe(true);
    expect(allowed(physician, "intake.write", appointment, treating)).toBe(false);
  });

  it("a colleague who treats the patient, even through break-glass, sees none of it", () => {
    for (const action of ["intake.read", "intake.write", ...photoActions] as Action[]) {
      expect(allowed(colleague, action, appointment, treating), action).toBe(false);
      expect(allowed(colleague, action, appointment, openGrant), action).toBe(false);
    }
  });

  it("schedulers and administrators see no answer and no photo; an administrator publishes questionnaires", () => {
    for (const actor of [scheduler, admin]) {
      for (const action of ["intake.read", "intake.write", ...photoActions] as Action[]) {
        expect(allowed(actor, action, appointment, treating), action).toBe(false);
      }
    }
    expect(allowed(admin, "questionnaire.publish", clinic)).toBe(true);
    for (const actor of [scheduler, physician, patientSelf]) expect(allowed(actor, "questionnaire.publish", clinic)).toBe(false);
  });
});

describe("a draft note", () => {
  const draft = { status: "DRAFT", authorId: "PHYSICIAN-user" } as const;

  it("is read by its author only; a signed note by anyone the policy let read it", () => {
    expect(mayReadNote(physician, draft)).toBe(true);
    expect(mayReadNote(user("PHYSICIAN", { userId: "colleague", physicianId: "doc-2" }), draft)).toBe(false);
    expect(mayReadNote({ kind: "anonymous" }, draft)).toBe(false);
    expect(mayReadNote({ kind: "visitLink", linkId: "PHYSICIAN-user", appointmentId: "a", patientId: "p" }, draft)).toBe(false);
    expect(mayReadNote(user("PHYSICIAN", { userId: "colleague" }), { ...draft, status: "SIGNED" })).toBe(true);
  });
});

describe("helpers", () => {
  it("names the patient a resource is about", () => {
    expect(patientOf(patientResource)).toBe("pat-1");
    expect(patientOf(appointment)).toBe("pat-1");
    expect(patientOf({ type: "accessReview", reviewId: "r", actorId: "a", patientId: "pat-7" })).toBe("pat-7");
    expect(patientOf({ type: "accessReview", reviewId: "r", actorId: "a", patientId: null })).toBeNull();
    expect(patientOf({ type: "physician", physicianId: "doc-1" })).toBeNull();
    expect(patientOf(clinic)).toBeNull();
  });

  it("tells clinical actions from the rest", () => {
    for (const action of CLINICAL_ACTIONS) expect(isClinicalAction(action)).toBe(true);
    for (const action of ["chart.breakGlass", "patient.lookup", "patient.demographics.read", "access.review.read"] as const) {
      expect(isClinicalAction(action)).toBe(false);
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

describe("physicians' licences", () => {
  const ownPhysician: Resource = { type: "physician", physicianId: "doc-1" };
  const colleague: Resource = { type: "physician", physicianId: "doc-2" };

  it("are managed by administrators only", () => {
    expect(allowed(admin, "licensure.manage", clinic)).toBe(true);
    for (const actor of [physician, scheduler, patientSelf, { kind: "anonymous" } as const]) {
      expect(allowed(actor, "licensure.manage", clinic)).toBe(false);
    }
  });

  it("are read by administrators and schedulers for any physician, by a physician for their own", () => {
    for (const resource of [ownPhysician, colleague]) {
      expect(allowed(admin, "licensure.read", resource)).toBe(true);
      expect(allowed(scheduler, "licensure.read", resource)).toBe(true);
    }
    expect(allowed(physician, "licensure.read", ownPhysician)).toBe(true);
    expect(allowed(physician, "licensure.read", colleague)).toBe(false);
    expect(allowed(patientSelf, "licensure.read", ownPhysician)).toBe(false);
  });
});

describe("inviting an interpreter", () => {
  it("is for the appointment's physician and for schedulers, nobody else", () => {
    expect(allowed(physician, "visit.interpreter.invite", appointment)).toBe(true);
    expect(allowed(physician, "visit.interpreter.invite", colleaguesAppointment, treating)).toBe(false);
    expect(allowed(scheduler, "visit.interpreter.invite", appointment)).toBe(true);
    for (const actor of [patientSelf, admin]) expect(allowed(actor, "visit.interpreter.invite", appointment, treating)).toBe(false);
    // A guest, even an interpreter, does not invite others.
    const interpreter: Actor = { kind: "visitGuest", guestId: "g-1", appointmentId: "appt-1", patientId: "pat-1", displayName: "Ana", interpreterLanguage: "es" };
    expect(allowed(interpreter, "visit.interpreter.invite", appointment)).toBe(false);
  });
});

describe("a visit's check-in", () => {
  const link: Actor = { kind: "visitLink", linkId: "l-1", appointmentId: "appt-1", patientId: "pat-1" };
  const otherPatient = user("PATIENT", { patientId: "pat-2" });
  const guest: Actor = { kind: "visitGuest", guestId: "g-1", appointmentId: "appt-1", patientId: "pat-1", displayName: "Sam" };

  it("is the patient's to fill in, by session or by the visit's own link", () => {
    for (const action of ["checkin.read", "checkin.write"] as const) {
      expect(allowed(patientSelf, action, appointment), action).toBe(true);
      expect(allowed(link, action, appointment), action).toBe(true);
      expect(allowed(link, action, { ...appointment, appointmentId: "appt-2" }), action).toBe(false);
      expect(allowed(otherPatient, action, appointment), action).toBe(false);
    }
  });

  it("is read by the visit's own physician only, who never writes it", () => {
    expect(allowed(physician, "checkin.read", appointment)).toBe(true);
    expect(allowed(physician, "checkin.read", colleaguesAppointment, treating)).toBe(false);
    expect(allowed(physician, "checkin.write", appointment, treating)).toBe(false);
  });

  it("is nobody else's", () => {
    for (const actor of [scheduler, admin, guest]) {
      for (const action of ["checkin.read", "checkin.write"] as const) expect(allowed(actor, action, appointment, treating), action).toBe(false);
    }
  });

  it("has its consent texts published by administrators only", () => {
    expect(allowed(admin, "consent.manage", clinic)).toBe(true);
    for (const actor of [scheduler, physician, patientSelf]) expect(allowed(actor, "consent.manage", clinic)).toBe(false);
  });
});

describe("medication reconciliation", () => {
  it("is the visit's own physician's, whatever their relationship; a colleague (even through break-glass), the patient, staff and integrations are refused", () => {
    expect(allowed(physician, "medication.reconcile", appointment)).toBe(true);
    const colleague = user("PHYSICIAN", { physicianId: "doc-2" });
    expect(allowed(colleague, "medication.reconcile", appointment, treating)).toBe(false);
    expect(allowed(colleague, "medication.reconcile", appointment, openGrant)).toBe(false);
    expect(allowed(physician, "medication.reconcile", patientResource, treating)).toBe(false);
    for (const actor of [patientSelf, scheduler, admin]) expect(allowed(actor, "medication.reconcile", appointment, treating)).toBe(false);
  });
});

describe("imaging", () => {
  it("is read by a physician treating the patient, or through break-glass (flagged), and by the patient for their own studies", () => {
    expect(decide(request(physician, "imaging.read", patientResource, treating))).toEqual({ allowed: true, breakGlass: false });
    expect(decide(request(physician, "imaging.read", patientResource, openGrant))).toEqual({ allowed: true, breakGlass: true });
    expect(decide(request(physician, "imaging.read", patientResource, stranger))).toMatchObject({ allowed: false, breakGlassAvailable: true });
    expect(allowed(patientSelf, "imaging.read", patientResource)).toBe(true);
    expect(allowed(patientSelf, "imaging.read", { type: "patient", patientId: "pat-2" })).toBe(false);
  });

  it("is not staff's or a link holder's", () => {
    const guest: Actor = { kind: "visitGuest", guestId: "g-1", appointmentId: "appt-1", patientId: "pat-1", displayName: "Sam" };
    for (const actor of [scheduler, admin, guest]) expect(allowed(actor, "imaging.read", patientResource, treating)).toBe(false);
    expect(allowed({ kind: "visitLink", linkId: "l", appointmentId: "appt-1", patientId: "pat-1" }, "imaging.read", patientResource)).toBe(false);
  });

  it("is an integration's through the FHIR API when its scopes name ImagingStudy", () => {
    const integration = (scopes: string[]): Actor => ({ kind: "integration", clientId: "c", name: "c", scopes });
    expect(allowed(integration(["system/*.read"]), "imaging.read", patientResource, stranger, { fhirResourceType: "ImagingStudy" })).toBe(true);
    expect(allowed(integration(["system/ImagingStudy.rs"]), "imaging.read", patientResource, stranger, { fhirResourceType: "ImagingStudy" })).toBe(true);
    expect(allowed(integration(["system/Observation.read"]), "imaging.read", patientResource, stranger, { fhirResourceType: "ImagingStudy" })).toBe(false);
    expect(allowed(integration(["system/*.read"]), "imaging.read", patientResource, stranger)).toBe(false);
  });

  it("gets a study uploaded by a physician treating the patient only: not through break-glass, not by the patient or staff", () => {
    expect(decide(request(physician, "imaging.write", patientResource, treating))).toEqual({ allowed: true, breakGlass: false });
    expect(allowed(physician, "imaging.write", patientResource, openGrant)).toBe(false);
    expect(allowed(physician, "imaging.write", patientResource, stranger)).toBe(false);
    for (const actor of [patientSelf, scheduler, admin]) expect(allowed(actor, "imaging.write", patientResource, treating)).toBe(false);
  });
});
