import { expect, test } from "@playwright/test";
import { CLIENT_ADDRESS_HEADER } from "../lib/auth/client-address";
import { addressCounter } from "../lib/auth/sign-in/throttle";
import type { Database } from "../lib/db/prisma";
import { startAppInstance, type AppInstance } from "./support/app-instance";
import { callAction } from "./support/server-actions";
import { connectToE2eDatabase } from "./support/server-state";

// The client address is what sign-in throttling counts per address and what
// every audit row records, so a client must not choose it. Whatever a client
// writes into X-Forwarded-For, or into the app server's own header, must
// neither start a fresh count nor put a made-up address in the audit trail.

/** A client's made-up addresses, a different one on each request. */
const FORGED = ["198.51.100.11", "198.51.100.12", "10.9.8.7", "2001:db8::bad"];
/** A client's copy of the header the app server sets. */
const FORGED_STAMP = "192.0.2.99";
const FORGED_KEYS = [...FORGED, FORGED_STAMP].map((address) => addressCounter(address).key);
/** Playwright's requests reach the servers over loopback IPv4. */
const THIS_MACHINE = "127.0.0.1";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

const lastAuditId = async () => (await db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
const auditAddressesAfter = async (id: bigint) =>
  (await db.auditEvent.findMany({ where: { id: { gt: id } }, select: { ip: true }, orderBy: { id: "asc" } })).map((row) => row.ip);

test.describe("behind one trusted proxy (TRUSTED_PROXY_HOPS=1)", () => {
  let instance: AppInstance | undefined;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    instance = await startAppInstance({ TRUSTED_PROXY_HOPS: "1" });
  });
  test.afterAll(async () => instance?.stop());

  test("failed sign-ins count against the address the proxy saw, whatever the client wrote before it", async ({ playwright }) => {
    const proxySaw = "203.0.113.77";
    const client = await playwright.request.newContext({ baseURL: instance!.url, extraHTTPHeaders: { [CLIENT_ADDRESS_HEADER]: FORGED_STAMP } });
    const since = await lastAuditId();
    for (const [attempt, forged] of FORGED.entries()) {
      // Another account each time, so only the address's count can add up.
      const credentials = { email: `forger-${attempt}@example.test`, password: "not-the-password-1" };
      const response = await callAction(client, `${forged}, ${proxySaw}`, "signInAction", [{ status: "idle" }, credentials], { origin: instance!.url });
      expect(response.status()).toBeLessThan(500);
    }
    await client.dispose();

    const count = await db.signInThrottle.findUnique({ where: { key: addressCounter(proxySaw).key } });
    expect(count?.failures, "one count for the address, never restarted").toBe(FORGED.length);
    expect(await db.signInThrottle.count({ where: { key: { in: FORGED_KEYS } } }), "no count for a forged address").toBe(0);
    expect(new Set(await auditAddressesAfter(since)), "the audit trail names only the proxy's client").toEqual(new Set([proxySaw]));
  });

  test("a request that did not pass the proxy is the connection's own address", async ({ playwright }) => {
    const client = await playwright.request.newContext({ baseURL: instance!.url, extraHTTPHeaders: { [CLIENT_ADDRESS_HEADER]: FORGED_STAMP } });
    const since = await lastAuditId();
    expect((await client.get("/api/patients?query=Morgan")).status()).toBe(401);
    await client.dispose();
    expect(await auditAddressesAfter(since)).toEqual([THIS_MACHINE]);
  });
});

test.describe("with no trusted proxy (TRUSTED_PROXY_HOPS=0, the default, as the e2e server runs)", () => {
  test("X-Forwarded-For never becomes the client address, however it rotates", async ({ playwright, baseURL }) => {
    const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { [CLIENT_ADDRESS_HEADER]: FORGED_STAMP } });
    const since = await lastAuditId();
    for (const forged of FORGED) {
      expect((await client.get("/api/patients?query=Morgan", { headers: { "x-forwarded-for": forged } })).status()).toBe(401);
    }
    await client.dispose();
    // Every refusal is audited, all under the one address the requests came from.
    expect(await auditAddressesAfter(since)).toEqual(FORGED.map(() => THIS_MACHINE));
  });
});
