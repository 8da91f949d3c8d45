import type { Participant } from "livekit-client";
import { describe, expect, it } from "vitest";
import { isInCall, participantName, participantRole } from "./participants";

function participant(fields: { identity?: string; name?: string; metadata?: string; canPublish?: boolean; tracks?: number }): Participant {
  return {
    identity: fields.identity ?? "patient-1",
    name: fields.name,
    metadata: fields.metadata,
    permissions: fields.canPublish === undefined ? undefined : { canPublish: fields.canPublish },
    trackPublications: new Map(Array.from({ length: fields.tracks ?? 0 }, (_, index) => [`TR_${index}`, {}])),
  } as unknown as Participant;
}

describe("who a participant is", () => {
  it("reads the role from the metadata the server put in the token", () => {
    expect(participantRole(participant({ metadata: '{"role":"physician","name":"Lena Fischer"}' }))).toBe("physician");
    expect(participantRole(participant({ metadata: '{"role":"admin"}' }))).toBeNull();
    expect(participantRole(participant({ metadata: "not json" }))).toBeNull();
    expect(participantRole(participant({}))).toBeNull();
  });

  it("names them by their display name, then the metadata's, then their identity", () => {
    expect(participantName(participant({ name: "Alex Morgan", metadata: '{"name":"Other"}' }))).toBe("Alex Morgan");
    expect(participantName(participant({ name: "", metadata: '{"name":"Alex Morgan"}' }))).toBe("Alex Morgan");
    expect(participantName(participant({ identity: "guest-7" }))).toBe("guest-7");
  });

  it("puts on the stage only the physician and people allowed to publish, not those still waiting", () => {
    expect(isInCall(participant({ metadata: '{"role":"physician"}', canPublish: false }))).toBe(true);
    expect(isInCall(participant({ metadata: '{"role":"patient"}', canPublish: false }))).toBe(false);
    expect(isInCall(participant({ metadata: '{"role":"patient"}', canPublish: true }))).toBe(true);
    expect(isInCall(participant({ metadata: '{"role":"guest"}', tracks: 1 }))).toBe(true);
  });
});
