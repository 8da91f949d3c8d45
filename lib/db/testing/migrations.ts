import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_MIGRATIONS_DIR } from "../migrate";

export interface MigrationsCopy {
  dir: string;
  remove: () => Promise<void>;
}

/**
 * A temporary copy of prisma/migrations holding only the migrations older than
 * `migration`: migrating with it leaves a database as it was just before that
 * migration was written, with the data a deployment would have had.
 */
export async function migrationsBefore(migration: string): Promise<MigrationsCopy> {
  const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  const names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  if (!names.includes(migration)) throw new Error(`No migration ${migration} in ${DEFAULT_MIGRATIONS_DIR}`);
  await Promise.all(names.filter((name) => name >= migration).map((name) => rm(path.join(dir, name), { recursive: true })));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
