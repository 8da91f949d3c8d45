import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import {
  parseParticipantMetadata,
  participantFor,
  participantMetadata,
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

describe("who someone is in the room", () => {
  it("the physician is their user id, named as stored", () => {
    expect(participantFor(user({ role: "PHYSICIAN", physicianId: "doc-1", userId: "user-doc" }), people)).toEqual({
      role: "physician",
      identity: "user-doc",
      name: "Lena Fischer",
    });
  });

  it("the patient is the same identity through the portal and through their visit link", () => {
    const portal = participantFor(user({ patientId: "pat-1", userId: "user-pat" }), people);
    const link = participantFor({ kind: "visitLink", linkId: "l", appointmentId: "appt-1", patientId: "pat-1" }, people);
    expect(portal).toEqual({ role: "patient", identity: "user-pat", name: "Alex Morgan" });
    expect(link).toEqual(portal);
  });

  it("a patient without an account is patient-<id>", () => {
    const accountless = { ...people, patient: { ...people.patient, userId: null } };
    expect(participantFor({ kind: "visitLink", linkId: "l", appointmentId: "appt-1", patientId: "pat-1" }, accountless).identity).toBe(
      "patient-pat-1",
    );
  });

  it("a guest is guest-<id> under the name the physician gave", () => {
    const guest: Actor = { kind: "visitGuest", guestId: "g-1", appointmentId: "appt-1", patientId: "pat-1", displayName: "Sam Morgan" };
    expect(participantFor(guest, people)).toEqual({ role: "guest", identity: "guest-g-1", name: "Sam Morgan" });
  });

  it("nobody else has a part (authorization should have stopped them)", () => {
    expect(() => participantFor(user({ role: "PHYSICIAN", physicianId: "doc-2" }), people)).toThrow();
    expect(() => participantFor({ kind: "anonymous" }, people)).toThrow();
    expect(() => participantFor({ kind: "visitLink", linkId: "l", appointmentId: "appt-2", patientId: "pat-1" }, people)).toThrow();
  });
});

describe("metadata", () => {
  it("round-trips role and name, and ignores anything not ours", () => {
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
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
      roomAdmin: true,
    });
  });

  it("patients and guests wait with no media or data until admitted, and never administer", () => {
    for (const role of ["patient", "guest"] as const) {
      expect(videoGrantFor(role, "room-1", false)).toEqual({
        room: "room-1",
        roomJoin: true,
        canPublish: false,
        canSubscribe: false,
        canPublishData: false,
        roomAdmin: false,
      });
      expect(videoGrantFor(role, "room-1", true)).toMatchObject({ canPublish: true, canSubscribe: true, canPublishData: true, roomAdmin: false });
    }
  });
});
