import { describe, expect, it } from "vitest";
import { telehealthBlockSchema, visitTimes, type PresenceEvent } from "./telehealth-block";
import { COMPLETE_TELEHEALTH_BLOCK as COMPLETE_BLOCK } from "./testing/complete-note";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 5, 14, minute));
const event = (role: PresenceEvent["role"], type: PresenceEvent["type"], minute: number): PresenceEvent => ({ role, type, occurredAt: at(minute) });

describe("visitTimes", () => {
  it("runs from both being in to the first of them leaving for good", () => {
    expect(
      visitTimes([event("physician", "JOINED", 0), event("patient", "JOINED", 3), event("guest", "LEFT", 10), event("patient", "LEFT", 25), event("physician", "LEFT", 26)]),
    ).toEqual({ startedAt: at(3), endedAt: at(25) });
  });

  it("a reconnect is not an end", () => {
    expect(
      visitTimes([event("patient", "JOINED", 0), event("physician", "JOINED", 1), event("patient", "LEFT", 5), event("patient", "JOINED", 6), event("physician", "LEFT", 20)]),
    ).toEqual({ startedAt: at(1), endedAt: at(20) });
  });

  it("no end while both are still in; the room closing ends it", () => {
    const both = [event("patient", "JOINED", 0), event("physician", "JOINED", 1)];
    expect(visitTimes(both)).toEqual({ startedAt: at(1), endedAt: null });
    expect(visitTimes([...both, event(null, "ROOM_FINISHED", 30)])).toEqual({ startedAt: at(1), endedAt: at(30) });
  });

  it("nothing when patient or physician never came", () => {
    expect(visitTimes([event("physician", "JOINED", 0), event("physician", "LEFT", 9)])).toEqual({ startedAt: null, endedAt: null });
  });
});

describe("telehealthBlockSchema", () => {
  it("accepts a complete block", () => {
    expect(telehealthBlockSchema.parse(COMPLETE_BLOCK)).toEqual(COMPLETE_BLOCK);
  });

  it.each([
    ["a state that does not exist", { ...COMPLETE_BLOCK, patientLocation: { ...COMPLETE_BLOCK.patientLocation, state: "ZZ" } }],
    ["script in the address", { ...COMPLETE_BLOCK, patientLocation: { ...COMPLETE_BLOCK.patientLocation, address: "<script>alert(1)</script>" } }],
    ["an unknown role", { ...COMPLETE_BLOCK, participants: [{ name: "X", role: "ADMIN", language: null, relationship: null }] }],
    ["minutes as text", { ...COMPLETE_BLOCK, totalMinutes: "22" }],
    ["an extra field", { ...COMPLETE_BLOCK, billingNote: "x" }],
    ["an over-long reason", { ...COMPLETE_BLOCK, modality: "AUDIO_ONLY", audioOnlyReason: "x".repeat(501) }],
  ])("refuses %s", (_, block) => {
    expect(telehealthBlockSchema.safeParse(block).success).toBe(false);
  });
});
