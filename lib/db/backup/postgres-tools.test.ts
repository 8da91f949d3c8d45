import { describe, expect, it } from "vitest";
import { BackupError } from "./errors";
import { chooseTool, libpqConnection, parseToolVersion, serverMajorVersion } from "./postgres-tools";

describe("PostgreSQL's client tools", () => {
  it("reads a tool's version as distributions print it", () => {
    expect(parseToolVersion("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n")).toEqual({ version: "15.18", major: 15 });
    expect(parseToolVersion("pg_restore (PostgreSQL) 18.1\n")).toEqual({ version: "18.1", major: 18 });
    expect(parseToolVersion("pg_dump (PostgreSQL) 19devel\n")).toEqual({ version: "19", major: 19 });
    expect(parseToolVersion("bash: pg_dump: command not found")).toBeNull();
  });

  it("reads the server's major version from server_version_num", () => {
    expect(serverMajorVersion("150018")).toBe(15);
    expect(serverMajorVersion(180001)).toBe(18);
  });

  const pg15 = { path: "/usr/bin/pg_dump", version: "15.18", major: 15 };
  const pg18 = { path: "/usr/lib/postgresql/18/bin/pg_dump", version: "18.1", major: 18 };

  it("takes the newest tool, when it is at least the version needed", () => {
    expect(chooseTool("pg_dump", [pg15, pg18], 15, "why")).toBe(pg18);
    expect(chooseTool("pg_dump", [pg15], 15, "why")).toBe(pg15);
    expect(chooseTool("pg_dump", [pg18, pg15], 18, "why")).toBe(pg18);
  });

  it("says which tool is needed and what is here when it is older than the server, or missing", () => {
    const refusal = (found: typeof pg15[], minimum: number) => {
      try {
        chooseTool("pg_dump", found, minimum, "The database server runs PostgreSQL 18.1");
      } catch (error) {
        return error as BackupError;
      }
      throw new Error("chose a tool");
    };
    expect(refusal([pg15], 18)).toMatchObject({ code: "POSTGRES_TOOL" });
    expect(refusal([pg15], 18).message).toContain("pg_dump must be PostgreSQL 18 or newer, and the newest pg_dump here is 15.18 (/usr/bin/pg_dump)");
    expect(refusal([pg15], 18).message).toContain("postgresql-client-18");
    expect(refusal([], 15).message).toContain("no pg_dump was found");
  });

  it("keeps the password out of the tool's arguments", () => {
    expect(libpqConnection("postgresql://clinic_owner:p%40ss@db.example:5432/clinic?sslmode=require")).toEqual({
      dbname: "postgresql://clinic_owner@db.example:5432/clinic?sslmode=require",
      env: { PGPASSWORD: "p@ss" },
    });
    expect(libpqConnection("postgresql://clinic_owner@db.example/clinic")).toEqual({ dbname: "postgresql://clinic_owner@db.example/clinic", env: {} });
  });
});
