import type pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { databaseRoleNames, dropDatabaseRoles, provisionDatabaseRoles } from "./database-roles";
import { ABANDONED_AFTER_MS, createScratchDatabase, dropAbandonedScratchDatabases, withAdminClient } from "./scratch-database";

// Every test run makes its own databases on the server and drops them at its
// end; a run interrupted before its end leaves them. The next run sweeps away
// those older than any run lasts, with their roles, and nothing else.

const serverUrl = inject("postgresServerUrl");
const made: string[] = [];
afterAll(async () => {
  if (!serverUrl) return;
  await withAdminClient(serverUrl, async (admin) => {
    for (const name of made) {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropDatabaseRoles(admin, databaseRoleNames(name));
    }
  });
});

/** A database and its roles as an interrupted run left them. */
async function leftBehind(admin: pg.Client, name: string) {
  made.push(name);
  const roles = await provisionDatabaseRoles(admin, serverUrl!, name);
  await admin.query(`CREATE DATABASE "${name}" OWNER "${roles.owner}"`);
}

const existing = async (admin: pg.Client, names: string[]) => {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY datname`, [names]);
  const { rows: roles } = await admin.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`, [
    names.flatMap((name) => [`${name}_app`, `${name}_owner`]),
  ]);
  return { databases: rows.map((row) => row.datname), roles: roles.map((row) => row.rolname) };
};

describe.skipIf(!serverUrl)("scratch databases an interrupted run left behind", () => {
  it("are dropped with their roles by the next run once older than a day; younger ones and other databases stay", async () => {
    const now = Date.now();
    const stamp = (ageMs: number) => (now - ageMs).toString(36);
    const abandoned = `telemedicine_test_${stamp(ABANDONED_AFTER_MS + 60_000)}_0badc0de`;
    const recent = `telemedicine_test_${stamp(ABANDONED_AFTER_MS - 60_000)}_0badc0de`;
    const notOurs = `telemedicine_testing_${stamp(ABANDONED_AFTER_MS * 3)}`;
    await withAdminClient(serverUrl!, async (admin) => {
      for (const name of [abandoned, recent, notOurs]) await leftBehind(admin, name);
    });

    const scratch = await createScratchDatabase(serverUrl);
    await scratch.drop();

    await withAdminClient(serverUrl!, async (admin) => {
      expect(await existing(admin, [abandoned, recent, notOurs])).toEqual({
        databases: [recent, notOurs].sort(),
        roles: [`${recent}_app`, `${recent}_owner`, `${notOurs}_app`, `${notOurs}_owner`].sort(),
      });
      // Two minutes on, the younger one is past a day too.
      expect(await dropAbandonedScratchDatabases(admin, now + 2 * 60_000)).toContain(recent);
      expect((await existing(admin, [recent])).databases).toEqual([]);
    });
  });
});
