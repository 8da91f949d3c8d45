import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "@/lib/db/prisma";
import { createPrismaClient } from "@/lib/db/prisma";
import { createScratchDatabase, type ScratchDatabase } from "@/lib/db/testing/scratch-database";
import { entriesOfNdjsonFile } from "../import/ndjson-file";
import { importRecords, type ImportReport } from "../import/importer";
import { FHIR_TYPES } from "../registry";
import { allCandidates, resourcesOf, seededDemoClinic } from "../testing/demo-clinic";
import { exportClinicToDirectory } from "./ndjson-export";

// The demo clinic exported, imported into an empty database and exported
// again gives the same resources, ids and meta.lastUpdated aside (importing the
// same files twice is import.int.test.ts's). Schedules
// are the clinic's own physicians' calendars, not records: an import lists
// them as not imported, so the second export has none.

type Json = { resourceType: string; id: string; meta?: { lastUpdated?: string }; [key: string]: unknown };

let demo: { database: ScratchDatabase; db: Database };
let empty: ScratchDatabase;
let emptyDb: Database;
let folder: string;

beforeAll(async () => {
  // The demo clinic's generator with its first six patients (Alex Morgan's ten years among them): every
  // kind of record, at a size CI can afford twice (PostgreSQL 15 and 18).
  demo = await seededDemoClinic({ patients: 6 });
  empty = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
  emptyDb = createPrismaClient(empty.url);
  folder = await mkdtemp(path.join(tmpdir(), "fhir-round-trip-"));
}, 300_000);

afterAll(async () => {
  await Promise.all([demo?.db.$disconnect(), emptyDb?.$disconnect()]);
  await Promise.all([demo?.database.drop(), empty?.drop()]);
  await rm(folder, { recursive: true, force: true });
});

async function readExport(directory: string): Promise<Map<string, Json[]>> {
  const byType = new Map<string, Json[]>();
  for (const file of await readdir(directory)) {
    const lines = (await readFile(path.join(directory, file), "utf8")).split("\n").filter(Boolean);
    byType.set(file.replace(/\.ndjson$/, ""), lines.map((line) => JSON.parse(line) as Json));
  }
  return byType;
}

/** The resource with its references (and id) renamed to what they became on import, and no lastUpdated. */
function renamed(resource: Json, references: ImportReport["references"]): Json {
  const rename = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rename);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, key === "reference" && typeof item === "string" ? (references[item] ?? item) : key === "lastUpdated" ? undefined : rename(item)]),
      );
    }
    return value;
  };
  const local = references[`${resource.resourceType}/${resource.id}`];
  return JSON.parse(JSON.stringify({ ...(rename(resource) as Json), id: local ? local.split("/")[1]! : resource.id }));
}

const withoutLastUpdated = (resource: Json) => JSON.parse(JSON.stringify({ ...resource, meta: { ...resource.meta, lastUpdated: undefined } })) as Json;

describe("export, import into an empty database, export again", () => {
  it("gives the same resources", { timeout: 600_000 }, async () => {
    const first = path.join(folder, "first");
    const second = path.join(folder, "second");
    const exported = await exportClinicToDirectory(demo.db, first);
    expect(exported.total).toBeGreaterThan(2_000);

    const entries = (await Promise.all((await readdir(first)).map((file) => entriesOfNdjsonFile(path.join(first, file))))).flat();
    const report = await importRecords(emptyDb, entries, { source: "round trip" });
    expect(report.notImported).toEqual({ Schedule: 3 });
    expect(report.possibleDuplicates).toEqual([]);
    await exportClinicToDirectory(emptyDb, second);

    const before = await readExport(first);
    const after = await readExport(second);
    for (const [type, resources] of before) {
      if (type === "Schedule") continue;
      const expected = resources.map((resource) => renamed(resource, report.references)).sort((a, b) => a.id.localeCompare(b.id));
      const actual = (after.get(type) ?? []).map(withoutLastUpdated).sort((a, b) => a.id.localeCompare(b.id));
      expect(actual.length, type).toBe(expected.length);
      expect(actual, type).toEqual(expected);
    }
    expect(after.get("Schedule") ?? []).toEqual([]);
  });
});

describe("bulk export of lab reports", () => {
  // Bulk export reads lab panels patient by patient; the search API reads them
  // by id across the clinic. Both must give the same reports, whole or for some patients.
  it("gives the DiagnosticReports the search API gives, the same ids and content", { timeout: 120_000 }, async () => {
    const byId = (a: { id?: string }, b: { id?: string }) => a.id!.localeCompare(b.id!);
    const patients = (await demo.db.patient.findMany({ select: { id: true }, orderBy: { mrn: "asc" } })).map((patient) => patient.id);
    for (const patientIds of [null, patients.slice(0, 2)]) {
      const directory = path.join(folder, `reports-${patientIds ? "some" : "all"}`);
      await exportClinicToDirectory(demo.db, directory, { types: ["DiagnosticReport"], ...(patientIds ? { patientIds } : {}) });
      const exported = (await readExport(directory)).get("DiagnosticReport") ?? [];
      const searched = resourcesOf(await allCandidates(demo.db, FHIR_TYPES.DiagnosticReport, patientIds));
      expect(searched.length).toBeGreaterThan(patientIds ? 10 : 100);
      expect(exported.length).toBe(searched.length);
      expect([...exported].sort(byId)).toEqual(JSON.parse(JSON.stringify([...searched].sort(byId))));
    }
  });
});
