import type { Participant } from "livekit-client";
import { describe, expect, it } from "vitest";
import { isInCall, participantName, participantRole, type Roster } from "./participants";

function participant(fields: { identity?: string; name?: string; metadata?: string; canPublish?: boolean; tracks?: number }): Participant {
  return {
    identity: fields.identity ?? "patient-1",
    name: fields.name,
    metadata: fields.metadata,
    permissions: fields.canPublish === undefined ? undefined : { canPublish: fields.canPublish },
    trackPublications: new Map(Array.from({ length: fields.tracks ?? 0 }, (_, index) => [`TR_${index}`, {}])),
  } as unknown as Participant;
}

const roster: Roster = new Map([
  ["v-patient", { name: "Alex Morgan", role: "patient" }],
  ["v-guest", { name: "Sam Morgan", role: "guest" }],
]);
const empty: Roster = new Map();

describe("who a participant is", () => {
  it("takes patients' and guests' roles from the app's roster, and only the physician's from the room", () => {
    expect(participantRole(participant({ identity: "v-doc", metadata: '{"role":"physician","name":"Lena Fischer"}' }), empty)).toEqual({ role: "physician" });
    expect(participantRole(participant({ identity: "v-guest" }), roster)).toEqual({ role: "guest" });
    expect(participantRole(participant({ identity: "v-int", metadata: '{"role":"interpreter","language":"es"}' }), empty)).toEqual({ role: "interpreter", language: "es" });
    // Metadata claiming a patient or guest is not the server's word: those roles come from the roster.
    expect(participantRole(participant({ identity: "v-other", metadata: '{"role":"patient"}' }), roster)).toBeNull();
    expect(participantRole(participant({ identity: "v-patient", metadata: "not json" }), empty)).toBeNull();
    expect(participantRole(participant({}), empty)).toBeNull();
  });

  it("names them from the roster, then the room (the physician), and never by their identity", () => {
    expect(participantName(participant({ identity: "v-patient", name: "" }), roster)).toBe("Alex Morgan");
    expect(participantName(participant({ identity: "v-doc", name: "Lena Fischer" }), roster)).toBe("Lena Fischer");
    expect(participantName(participant({ identity: "v-unknown", name: "" }), roster)).toBeNull();
  });

  it("puts on the stage only the physician and people allowed to publish, not those still waiting", () => {
    expect(isInCall(participant({ metadata: '{"role":"physician"}', canPublish: false }))).toBe(true);
    expect(isInCall(participant({ canPublish: false }))).toBe(false);
    expect(isInCall(participant({ canPublish: true }))).toBe(true);
    expect(isInCall(participant({ tracks: 1 }))).toBe(true);
  });
});
