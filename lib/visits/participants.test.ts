import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import {
  guestIdentity,
  participantFor,
  patientLinkIdentity,
  patientSessionIdentity,
  physicianIdentity,
  publicProfile,
  videoGrantFor,
  type VisitPeople,
} from "./participants";

const people: VisitPeople = {
  appointmentId: "appt-1",
  patient: { id: "pat-1", userId: "user-pat", givenName: "Alex", familyName: "Morgan" },
  physician: { id: "doc-1", userId: "user-doc", name: "Lena Fischer" },
};
const user = (extra: Partial<Extract<Actor, { kind: "user" }>>): Actor => ({
  kind: "user",
  userId: "u",
  role: "PATIENT",
  name: "n",
  patientId: null,
  physicianId: null,
  mfaSatisfied: true,
  ...extra,
});

const as = (actor: Actor, sessionKey?: string) => ({ actor, sessionKey });
const link = (linkId: string, appointmentId = "appt-1"): Actor => ({ kind: "visitLink", linkId, appointmentId, patientId: "pat-1" });

const OPAQUE = /^v-[A-Za-z0-9_-]{32}$/;

describe("who someone is in the room", () => {
  it("the physician is an opaque id, named as stored", () => {
    const physician = participantFor(as(user({ role: "PHYSICIAN", physicianId: "doc-1", userId: "user-doc" }), "s"), people);
    expect(physician).toEqual({ role: "physician", identity: physicianIdentity("appt-1", "user-doc"), name: "Lena Fischer" });
    expect(physician.identity).toMatch(OPAQUE);
  });

  it("the patient has one identity per credential: each portal session, each visit link", () => {
    const patient = user({ patientId: "pat-1", userId: "user-pat" });
    const session = participantFor(as(patient, "session-key-1"), people);
    expect(session).toEqual({ role: "patient", identity: patientSessionIdentity("appt-1", "session-key-1"), name: "Alex Morgan", via: "portal" });
    expect(participantFor(as(patient, "session-key-1"), people).identity).toBe(session.identity);
    expect(participantFor(as(patient, "session-key-2"), people).identity).not.toBe(session.identity);

    const visitLink = participantFor(as(link("link-1")), people);
    expect(visitLink).toEqual({ role: "patient", identity: patientLinkIdentity("appt-1", "link-1"), name: "Alex Morgan", via: "visit-link" });
    expect(participantFor(as(link("link-2")), people).identity).not.toBe(visitLink.identity);
  });

  it("refuses a portal patient without a session rather than give them a shared identity", () => {
    expect(() => participantFor(as(user({ patientId: "pat-1", userId: "user-pat" })), people)).toThrow(/session/);
  });

  it("a guest is an opaque id too, under the name the physician gave", () => {
    const guest: Actor = { kind: "visitGuest", guestId: "g-1", appointmentId: "appt-1", patientId: "pat-1", displayName: "Sam Morgan" };
    expect(participantFor(as(guest), people)).toEqual({ role: "guest", identity: guestIdentity("appt-1", "g-1"), name: "Sam Morgan" });
  });

  it("an interpreter is a guest who joins as the interpreter, with their language", () => {
    const interpreter: Actor = { kind: "visitGuest", guestId: "g-2", appointmentId: "appt-1", patientId: "pat-1", displayName: "Lucía Ortega", interpreterLanguage: "es" };
    expect(participantFor(as(interpreter), people)).toEqual({ role: "interpreter", identity: guestIdentity("appt-1", "g-2"), name: "Lucía Ortega", language: "es" });
  });

  it("identities say nothing: not the role, not the credential, and not the same in another visit", () => {
    const identities = [
      physicianIdentity("appt-1", "user-doc"),
      patientSessionIdentity("appt-1", "session-key-1"),
      patientLinkIdentity("appt-1", "link-1"),
      guestIdentity("appt-1", "g-1"),
    ];
    for (const identity of identities) {
      expect(identity).toMatch(OPAQUE);
      expect(identity).not.toMatch(/doc|session|link|g-1|patient|guest|physician/i);
    }
    expect(new Set(identities).size).toBe(4);
    expect(guestIdentity("appt-2", "g-1")).not.toBe(guestIdentity("appt-1", "g-1"));
  });

  it("nobody else has a part (authorization should have stopped them)", () => {
    expect(() => participantFor(as(user({ role: "PHYSICIAN", physicianId: "doc-2" }), "s"), people)).toThrow();
    expect(() => participantFor(as({ kind: "anonymous" }), people)).toThrow();
    expect(() => participantFor(as(link("l", "appt-2")), people)).toThrow();
  });
});

describe("what LiveKit tells the room about someone", () => {
  it("the physician's name and role; of a patient or guest, nothing", () => {
    expect(publicProfile({ role: "physician", identity: "v-1", name: "Lena Fischer" })).toEqual({
      name: "Lena Fischer",
      metadata: JSON.stringify({ role: "physician", name: "Lena Fischer" }),
    });
    expect(publicProfile({ role: "patient", identity: "v-2", name: "Alex Morgan", via: "visit-link" })).toEqual({ name: "", metadata: "" });
    expect(publicProfile({ role: "guest", identity: "v-3", name: "Sam Morgan" })).toEqual({ name: "", metadata: "" });
  });

  it("of an interpreter, the role and language so every side can label them, never the name", () => {
    expect(publicProfile({ role: "interpreter", identity: "v-4", name: "Lucía Ortega", language: "es" })).toEqual({
      name: "",
      metadata: JSON.stringify({ role: "interpreter", language: "es" }),
    });
  });
});

describe("what a token allows", () => {
  it("the physician publishes, subscribes, sends data and administers their own room", () => {
    expect(videoGrantFor("physician", "room-1", false)).toEqual({
      room: "room-1",
      roomJoin: true,
      roomCreate: false,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      roomAdmin: true,
    });
  });

  it("patients and guests wait hidden, with no media or data, until admitted, and never administer or create the room", () => {
    for (const role of ["patient", "guest"] as const) {
      expect(videoGrantFor(role, "room-1", false)).toEqual({
        room: "room-1",
        roomJoin: true,
        roomCreate: false,
        canPublish: false,
        canSubscribe: false,
        canPublishData: false,
        hidden: true,
        roomAdmin: false,
      });
      expect(videoGrantFor(role, "room-1", true)).toMatchObject({
        canPublish: true,
        canSubscribe: true,
        canPublishData: true,
        hidden: false,
        roomAdmin: false,
        roomCreate: false,
      });
    }
  });
});
