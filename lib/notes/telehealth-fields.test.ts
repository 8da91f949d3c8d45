import { describe, expect, it } from "vitest";
import {
  EMPTY_TELEHEALTH_BLOCK,
  fillBlanks,
  minutesBetween,
  missingForSigning,
  missingTelehealthFields,
  refreshFromVisit,
  telehealthLines,
  type TelehealthBlock,
} from "./telehealth-fields";

const COMPLETE_BLOCK: TelehealthBlock = {
  modality: "VIDEO",
  audioOnlyReason: null,
  patientLocation: { state: "NY", country: "US", address: "12 Elm St, Albany, 12203", kind: "HOME" },
  physicianLocation: { type: "CLINIC", state: "NY" },
  participants: [
    { name: "Ana Ruiz", role: "PATIENT", language: null, relationship: null },
    { name: "Dr. Lena Fischer", role: "PHYSICIAN", language: null, relationship: null },
    { name: "Marta Gil", role: "INTERPRETER", language: "es", relationship: null },
  ],
  startedAt: "2026-03-05T14:00:00.000Z",
  endedAt: "2026-03-05T14:22:00.000Z",
  totalMinutes: 22,
  consent: { version: 2, signedAt: "2026-03-05T13:50:00.000Z" },
  identity: { dateOfBirthConfirmedAt: "2026-03-05T13:51:00.000Z", physicianAttested: false, attestedAt: null },
};

describe("missingTelehealthFields", () => {
  it("a complete block lacks nothing", () => {
    expect(missingTelehealthFields(COMPLETE_BLOCK)).toEqual([]);
  });

  it("no block lacks every field a payer asks for", () => {
    expect(missingTelehealthFields(null)).toEqual([
      "modality",
      "patientLocation.state",
      "patientLocation.country",
      "patientLocation.address",
      "patientLocation.kind",
      "physicianLocation.type",
      "physicianLocation.state",
      "participants.patient",
      "participants.physician",
      "time",
      "consent",
      "identity",
    ]);
    expect(missingTelehealthFields(EMPTY_TELEHEALTH_BLOCK)).toEqual(missingTelehealthFields(null));
  });

  it("audio-only needs the reason video was not used; blank text is no reason", () => {
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, modality: "AUDIO_ONLY", audioOnlyReason: "  " })).toEqual(["audioOnlyReason"]);
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, modality: "AUDIO_ONLY", audioOnlyReason: "No camera" })).toEqual([]);
  });

  it("a blank address or state counts as missing", () => {
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, patientLocation: { ...COMPLETE_BLOCK.patientLocation, address: " " } })).toEqual([
      "patientLocation.address",
    ]);
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, physicianLocation: { type: "HOME", state: null } })).toEqual(["physicianLocation.state"]);
  });

  it("patient and physician must both be among the participants", () => {
    const onlyInterpreter = COMPLETE_BLOCK.participants.filter((person) => person.role === "INTERPRETER");
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, participants: onlyInterpreter })).toEqual(["participants.patient", "participants.physician"]);
  });

  it("the time needs start, end and minutes", () => {
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, endedAt: null })).toEqual(["time"]);
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, totalMinutes: null })).toEqual(["time"]);
  });

  it("consent needs version and time", () => {
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, consent: { version: 2, signedAt: null } })).toEqual(["consent"]);
  });

  it("identity is verified by the date of birth at check-in, or by the physician's attestation with its time", () => {
    const none = { dateOfBirthConfirmedAt: null, physicianAttested: false, attestedAt: null };
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, identity: none })).toEqual(["identity"]);
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, identity: { ...none, physicianAttested: true } })).toEqual(["identity"]);
    expect(missingTelehealthFields({ ...COMPLETE_BLOCK, identity: { ...none, physicianAttested: true, attestedAt: "2026-03-05T14:01:00.000Z" } })).toEqual([]);
  });
});

describe("missingForSigning", () => {
  it("adds the visit code and at least one diagnosis", () => {
    expect(missingForSigning({ telehealth: COMPLETE_BLOCK, cptCode: null, diagnosisCodes: [] })).toEqual(["cptCode", "diagnosisCodes"]);
    expect(missingForSigning({ telehealth: COMPLETE_BLOCK, cptCode: "99213", diagnosisCodes: ["I10"] })).toEqual([]);
  });
});

describe("minutesBetween", () => {
  it("rounds to whole minutes and refuses an end not after the start", () => {
    expect(minutesBetween("2026-03-05T14:00:00.000Z", "2026-03-05T14:22:31.000Z")).toBe(23);
    expect(minutesBetween("2026-03-05T14:00:00.000Z", "2026-03-05T14:00:00.000Z")).toBeNull();
    expect(minutesBetween(null, "2026-03-05T14:00:00.000Z")).toBeNull();
  });
});

describe("fillBlanks and refreshFromVisit", () => {
  const draft: TelehealthBlock = { ...COMPLETE_BLOCK, physicianLocation: { type: null, state: null } };

  it("fills only what is blank, keeping what the physician stated", () => {
    const mine: TelehealthBlock = {
      ...EMPTY_TELEHEALTH_BLOCK,
      patientLocation: { state: "NJ", country: null, address: null, kind: null },
      physicianLocation: { type: "HOME", state: "NJ" },
    };
    const filled = fillBlanks(mine, draft);
    expect(filled.patientLocation).toEqual({ ...COMPLETE_BLOCK.patientLocation, state: "NJ" });
    expect(filled.physicianLocation).toEqual({ type: "HOME", state: "NJ" });
    expect(filled.startedAt).toBe(COMPLETE_BLOCK.startedAt);
    expect(filled.participants).toEqual(COMPLETE_BLOCK.participants);
    expect(fillBlanks(null, draft)).toEqual(draft);
  });

  it("refresh takes everything recorded again, but not the physician's location", () => {
    const mine = { ...COMPLETE_BLOCK, physicianLocation: { type: "HOME" as const, state: "NJ" }, totalMinutes: 5 };
    expect(refreshFromVisit(mine, draft)).toEqual({ ...draft, physicianLocation: { type: "HOME", state: "NJ" } });
  });
});

describe("telehealthLines", () => {
  it("states modality, locations, participants with roles, time, consent and identity", () => {
    expect(telehealthLines(COMPLETE_BLOCK)).toEqual([
      "Modality: video (synchronous audio and video)",
      "Patient location: 12 Elm St, Albany, 12203, NY, US (home)",
      "Physician location: clinic, NY",
      "Participants: Ana Ruiz (patient); Dr. Lena Fischer (physician); Marta Gil (interpreter, es)",
      "Time: 2026-03-05T14:00:00.000Z to 2026-03-05T14:22:00.000Z, 22 minutes",
      "Consent: version 2, signed 2026-03-05T13:50:00.000Z",
      "Identity: date of birth confirmed at check-in 2026-03-05T13:51:00.000Z",
    ]);
    expect(telehealthLines({ ...COMPLETE_BLOCK, modality: "AUDIO_ONLY", audioOnlyReason: "No camera" })[0]).toBe(
      "Modality: audio-only (video not used: No camera)",
    );
  });
});
