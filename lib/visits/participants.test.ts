import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import {
  credentialOf,
  isPatientIdentity,
  parseParticipantMetadata,
  participantFor,
  participantMetadata,
  patientSessionIdentity,
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

describe("who someone is in the room", () => {
  it("the physician is their user id, named as stored", () => {
    expect(participantFor(as(user({ role: "PHYSICIAN", physicianId: "doc-1", userId: "user-doc" }), "s"), people)).toEqual({
      role: "physician",
      identity: "user-doc",
      name: "Lena Fischer",
    });
  });

  it("the patient has one identity per credential: each portal session, each visit link", () => {
    const patient = user({ patientId: "pat-1", userId: "user-pat" });
    const session = participantFor(as(patient, "session-key-1"), people);
    expect(session).toEqual({ role: "patient", identity: patientSessionIdentity("session-key-1"), name: "Alex Morgan", via: "portal" });
    expect(session.identity).toMatch(/^patient-session-[0-9a-f]{24}$/);
    // The identity says nothing of the session it stands for, and another session is someone else.
    expect(session.identity).not.toContain("session-key-1");
    expect(participantFor(as(patient, "session-key-1"), people).identity).toBe(session.identity);
    expect(participantFor(as(patient, "session-key-2"), people).identity).not.toBe(session.identity);

    expect(participantFor(as(link("link-1")), people)).toEqual({ role: "patient", identity: "patient-link-link-1", name: "Alex Morgan", via: "visit-link" });
    expect(participantFor(as(link("link-2")), people).identity).toBe("patient-link-link-2");
  });

  it("refuses a portal patient without a session rather than give them a shared identity", () => {
    expect(() => participantFor(as(user({ patientId: "pat-1", userId: "user-pat" })), people)).toThrow(/session/);
  });

  it("a guest is guest-<id> under the name the physician gave", () => {
    const guest: Actor = { kind: "visitGuest", guestId: "g-1", appointmentId: "appt-1", patientId: "pat-1", displayName: "Sam Morgan" };
    expect(participantFor(as(guest), people)).toEqual({ role: "guest", identity: "guest-g-1", name: "Sam Morgan" });
  });

  it("nobody else has a part (authorization should have stopped them)", () => {
    expect(() => participantFor(as(user({ role: "PHYSICIAN", physicianId: "doc-2" }), "s"), people)).toThrow();
    expect(() => participantFor(as({ kind: "anonymous" }), people)).toThrow();
    expect(() => participantFor(as(link("l", "appt-2")), people)).toThrow();
  });

  it("reads the credential back from an identity", () => {
    expect(credentialOf(patientSessionIdentity("k"))).toEqual({ kind: "portal" });
    expect(credentialOf("patient-link-l1")).toEqual({ kind: "visit-link", linkId: "l1" });
    expect(credentialOf("guest-g1")).toEqual({ kind: "guest", guestId: "g1" });
    expect(credentialOf("user-doc")).toBeNull();
    expect([patientSessionIdentity("k"), "patient-link-l1", "guest-g1", "user-doc"].map(isPatientIdentity)).toEqual([true, true, false, false]);
  });
});

describe("metadata", () => {
  it("round-trips role, name and how a patient came, and ignores anything not ours", () => {
    expect(parseParticipantMetadata(participantMetadata({ role: "patient", identity: "patient-link-l", name: "Alex", via: "visit-link" }))).toEqual({
      role: "patient",
      name: "Alex",
      via: "visit-link",
    });
    const metadata = participantMetadata({ role: "guest", identity: "guest-1", name: 'Sam "Interpreter"' });
    expect(JSON.parse(metadata)).toEqual({ role: "guest", name: 'Sam "Interpreter"' });
    expect(parseParticipantMetadata(metadata)).toEqual({ role: "guest", name: 'Sam "Interpreter"' });
    expect(parseParticipantMetadata("")).toBeNull();
    expect(parseParticipantMetadata('{"role":"admin","name":"x"}')).toBeNull();
    expect(parseParticipantMetadata('"patient"')).toBeNull();
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
