import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chainHash, chainInput, describeChainVerification, GENESIS_HASH, verifyAuditChain, type ChainedAuditEvent } from "./chain";

const fields = {
  id: "41",
  occurredAt: new Date("2026-12-03T09:15:30.120Z"),
  actorId: "user-1",
  actorRole: "PHYSICIAN",
  action: "chart.read",
  patientId: "patient-1",
  resourceType: "patient",
  resourceId: "patient-1",
  outcome: "ALLOWED",
  breakGlass: false,
  reason: null,
  ip: "198.51.100.4",
  userAgent: null,
};

/** A well-formed chain of `count` events, as the trigger writes it. */
function chain(count: number): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  let previousHash: Buffer = GENESIS_HASH;
  for (let n = 1; n <= count; n++) {
    const event = { ...fields, id: String(n), occurredAt: new Date(Date.UTC(2026, 11, 3, 9, n)) };
    const hash = chainHash(previousHash, event);
    events.push({ ...event, previousHash, hash });
    previousHash = hash;
  }
  return events;
}

/** Serves rows as the verifier's paged query asks for them: id > $1, in id order, $2 at a time. */
function tableOf(events: ChainedAuditEvent[]) {
  return {
    query: async <Row>(_sql: string, [after, limit]: unknown[]) => ({
      rows: events.filter((event) => BigInt(event.id) > BigInt(after as string)).slice(0, limit as number) as Row[],
    }),
  };
}

describe("chainInput", () => {
  it("writes each field as its UTF-8 length and text, and a null as N, in the trigger's order", () => {
    expect(chainInput({ ...fields, reason: "", userAgent: "café ✚" }).toString("utf8")).toBe(
      "S2:41S24:2026-12-03T09:15:30.120ZS6:user-1S9:PHYSICIANS10:chart.readS9:patient-1S7:patientS9:patient-1S7:ALLOWEDS5:falseS0:S12:198.51.100.4S9:café ✚",
    );
  });

  it("never serializes two different events alike, however their fields are cut", () => {
    // action and patientId are neighbours in the serialization.
    const a = chainInput({ ...fields, action: "ab", patientId: "c" });
    const b = chainInput({ ...fields, action: "a", patientId: "bc" });
    expect(a.equals(b)).toBe(false);
    for (const reason of ["", "N", "S0:"]) {
      expect(chainInput({ ...fields, reason: null }).equals(chainInput({ ...fields, reason }))).toBe(false);
    }
  });

  it("hashes the previous hash, then the event", () => {
    const expected = createHash("sha256").update(GENESIS_HASH).update(chainInput(fields)).digest();
    expect(chainHash(GENESIS_HASH, fields).equals(expected)).toBe(true);
  });
});

describe("verifyAuditChain", () => {
  it("walks every page of an intact chain and reports its head", async () => {
    const events = chain(12);
    expect(await verifyAuditChain(tableOf(events), { pageSize: 5 })).toEqual({
      intact: 12,
      head: { id: "12", occurredAt: events[11]!.occurredAt, hash: events[11]!.hash.toString("hex") },
      broken: null,
    });
  });

  it("names a changed event as altered, and the event after a removed one as unlinked", async () => {
    const changed = chain(6);
    changed[3] = { ...changed[3]!, outcome: "DENIED" };
    expect((await verifyAuditChain(tableOf(changed), { pageSize: 2 })).broken).toEqual({ id: "4", occurredAt: changed[3]!.occurredAt, problem: "altered" });

    const removed = chain(6).filter((event) => event.id !== "2");
    expect(await verifyAuditChain(tableOf(removed))).toMatchObject({ intact: 1, broken: { id: "3", problem: "unlinked" } });

    const firstRemoved = chain(3).slice(1);
    expect(await verifyAuditChain(tableOf(firstRemoved))).toMatchObject({ intact: 0, head: null, broken: { id: "2", problem: "unlinked" } });
  });
});

describe("describeChainVerification", () => {
  const at = new Date("2026-12-03T09:04:00.000Z");
  const head = { id: "3", occurredAt: new Date("2026-12-03T09:03:00.000Z"), hash: "ab".repeat(32) };

  it("names the first broken link by id and time, and how far the trail is intact", () => {
    expect(describeChainVerification({ intact: 3, head, broken: { id: "4", occurredAt: at, problem: "altered" } })).toBe(
      "The audit trail is broken at event 4 (2026-12-03T09:04:00.000Z): its fields no longer match its hash, so it was changed after it was written.\n" +
        "The 3 event(s) up to event 3 (2026-12-03T09:03:00.000Z) are intact.",
    );
    expect(describeChainVerification({ intact: 0, head: null, broken: { id: "4", occurredAt: at, problem: "unlinked" } })).toBe(
      "The audit trail is broken at event 4 (2026-12-03T09:04:00.000Z): it does not follow the event before it, so an event before it was removed or changed, or this one was inserted.\n" +
        "No event before it is intact.",
    );
  });

  it("gives the head's hash of an intact trail to keep elsewhere", () => {
    expect(describeChainVerification({ intact: 3, head, broken: null })).toBe(
      `The audit trail is intact: 3 event(s), the last event 3 (2026-12-03T09:03:00.000Z).\n` +
        `Its hash is ${"ab".repeat(32)}. Keep it somewhere else: a later run that ends before it shows that newer events were removed.`,
    );
    expect(describeChainVerification({ intact: 0, head: null, broken: null })).toBe("The audit trail is empty.");
  });
});
