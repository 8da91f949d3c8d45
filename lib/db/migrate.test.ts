import { describe, expect, it } from "vitest";
import { MigrationError, migrationChecksum, planMigrations, type MigrationFile } from "./migrate";

const file = (name: string, sql = `-- ${name}`): MigrationFile => ({ name, sql, checksum: migrationChecksum(sql) });
const applied = (migration: MigrationFile, overrides: { finished?: boolean; rolledBack?: boolean; checksum?: string } = {}) => ({
  migration_name: migration.name,
  checksum: overrides.checksum ?? migration.checksum,
  finished_at: overrides.finished === false ? null : new Date("2026-01-01T00:00:00Z"),
  rolled_back_at: overrides.rolledBack ? new Date("2026-01-01T00:00:00Z") : null,
});

describe("migrationChecksum", () => {
  it("is the hex SHA-256 of the file, as Prisma records it", () => {
    expect(migrationChecksum("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("planMigrations", () => {
  const [first, second, third] = [file("20260101000000_a"), file("20260102000000_b"), file("20260103000000_c")] as const;

  it("returns the files not yet applied, in order", () => {
    expect(planMigrations([first, second, third], [applied(first)]).map((m) => m.name)).toEqual([second.name, third.name]);
  });

  it("applies a migration again when its earlier attempt was rolled back", () => {
    expect(planMigrations([first], [applied(first, { rolledBack: true })])).toEqual([first]);
  });

  it("refuses to go on when an applied file was edited", () => {
    expect(() => planMigrations([first, second], [applied(first, { checksum: "0".repeat(64) })])).toThrow(
      /Migration 20260101000000_a was changed after it was applied/,
    );
  });

  it("refuses to go on after a migration that started but never finished", () => {
    expect(() => planMigrations([first], [applied(first, { finished: false })])).toThrow(MigrationError);
  });

  it("refuses to run older code against a database with newer migrations", () => {
    expect(() => planMigrations([first], [applied(first), applied(second)])).toThrow(
      /not in prisma\/migrations: 20260102000000_b/,
    );
  });
});
