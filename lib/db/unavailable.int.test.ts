import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { errorResponse } from "@/lib/http/route-errors";
import { isDatabaseUnavailable } from "./errors";
import { createPrismaClient, type Database } from "./prisma";
import { createScratchDatabase, type ScratchDatabase } from "./testing/scratch-database";

// PostgreSQL going away under a running app (a restart, a failover): whatever
// query meets it, the route answers 503 with a retry hint and a code, never a
// stack, and the pool connects again by itself once the server answers.
let database: ScratchDatabase;
let db: Database;
let admin: Database;
beforeAll(async () => {
  database = await createScratchDatabase(inject("postgresServerUrl"));
  db = createPrismaClient(database.url, { max: 1 });
  admin = createPrismaClient(database.url, { max: 1 });
});
afterAll(async () => {
  await Promise.all([db.$disconnect(), admin.$disconnect()]);
  await database.drop();
});

async function answerTo(error: unknown) {
  const response = errorResponse(error);
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as Record<string, unknown> };
}

const UNAVAILABLE = {
  status: 503,
  retryAfter: "5",
  body: { code: "DATABASE_UNAVAILABLE", error: "The clinic's database is not answering for a moment. Please try again in a few seconds." },
};

describe("the database going away", () => {
  it("answers 503 with Retry-After and a code when the server refuses connections", async () => {
    const url = new URL(database.url);
    url.port = "1"; // nothing listens there
    const unreachable = createPrismaClient(url.toString());
    const error = await unreachable.$queryRaw`SELECT 1`.catch((thrown: unknown) => thrown);
    await unreachable.$disconnect();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(await answerTo(error)).toEqual(UNAVAILABLE);
  });

  it("answers 503 for a query whose connection the server ends (as a restart does), and the next query reconnects by itself", async () => {
    const [{ pid }] = await db.$queryRaw<[{ pid: number }]>`SELECT pg_backend_pid() AS pid`;
    const inFlight = db.$queryRaw`SELECT pg_sleep(5)`.catch((thrown: unknown) => thrown);
    await expect
      .poll(async () => (await admin.$queryRaw<{ active: boolean }[]>`SELECT state = 'active' AS active FROM pg_stat_activity WHERE pid = ${pid}`)[0]?.active)
      .toBe(true);
    // What every session gets when PostgreSQL is stopped or restarted (SQLSTATE 57P01).
    await admin.$queryRaw`SELECT pg_terminate_backend(${pid})`;
    const error = await inFlight;
    expect(isDatabaseUnavailable(error)).toBe(true);
    const answer = await answerTo(error);
    expect(answer).toEqual(UNAVAILABLE);
    expect(JSON.stringify(answer.body)).not.toMatch(/at |\.ts|\.js|stack/i);

    const [{ answered }] = await db.$queryRaw<[{ answered: number }]>`SELECT 1 AS answered`;
    expect(answered).toBe(1);
  });

  it("is still a 500 for a bug, such as a query PostgreSQL rejects", async () => {
    const error = await db.$queryRawUnsafe("SELECT * FROM no_such_table").catch((thrown: unknown) => thrown);
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect((await answerTo(error)).status).toBe(500);
  });
});
