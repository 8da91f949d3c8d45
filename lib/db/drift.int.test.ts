import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Datamodel } from "@prisma/dmmf";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { findSchemaDrift, formatDrift, readCatalog } from "./drift";

const datamodel = JSON.parse(
  await readFile(path.join(import.meta.dirname, "generated", "datamodel.json"), "utf8"),
) as Datamodel;

describe("schema drift between prisma/schema.prisma and the migrated database", () => {
  // As the owner: the drifted fixture changes the schema, which the app's role may not.
  const client = new pg.Client({ connectionString: inject("migrationDatabaseUrl") });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it("finds none after applying every migration", async () => {
    const problems = findSchemaDrift(datamodel, await readCatalog(client));
    expect(problems, formatDrift(problems)).toEqual([]);
  });

  it("reports each kind of mismatch in a deliberately drifted database", async () => {
    const fixture = await readFile(path.join(import.meta.dirname, "fixtures", "drifted-schema.sql"), "utf8");
    await client.query("BEGIN");
    try {
      await client.query(fixture);
      const problems = findSchemaDrift(datamodel, await readCatalog(client));
      expect(problems.sort()).toEqual(
        [
          "column Patient.mrn: nullable in the database, required in the schema",
          "column Visit.startedAt: type is timestamp(3) without time zone in the database, timestamp(3) with time zone in the schema",
          "column ConsultationNote.version: default is 0 in the database, 1 in the schema",
          "column User.nickname: in the database but not in the schema",
          "enum AppointmentStatus: values are [BOOKED, CHECKED_IN, IN_PROGRESS, COMPLETED, CANCELLED, NO_SHOW, TENTATIVE] in the database, [BOOKED, CHECKED_IN, IN_PROGRESS, COMPLETED, CANCELLED, NO_SHOW] in the schema",
          "index LabResult_patientId_loincCode_effectiveAt_idx on LabResult(patientId, loincCode, effectiveAt): missing in the database",
          "unique index User_email_key: is non-unique index in the database",
          "non-unique index Patient_email_idx on Patient(email): in the database but not in the schema",
          "table Scratchpad: in the database but not in the schema",
        ].sort(),
      );
      expect(formatDrift(problems)).toMatch(/^The database differs from prisma\/schema\.prisma in 9 place\(s\):/);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
