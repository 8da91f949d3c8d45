// The FHIR phase of npm run bench: the whole bench clinic exported in the Bulk
// Data format (npm run fhir:export's code), then the records of a sample of its
// patients exported the same way and imported into an empty database on the
// same server (npm run fhir:import's code: all or nothing, so the whole import
// is held in memory and one transaction, which a 10,000-patient clinic's
// million observations would not fit), each timed as resources per second;
// then $everything of the demo patient (fhir-everything.ts).
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Database } from "../../lib/db/prisma";
import { createPrismaClient } from "../../lib/db/prisma";
import { createScratchDatabase } from "../../lib/db/testing/scratch-database";
import { exportClinicToDirectory } from "../../lib/fhir/bulk/ndjson-export";
import { importRecords } from "../../lib/fhir/import/importer";
import { entriesOfNdjsonFile } from "../../lib/fhir/import/ndjson-file";
import { measureEverything, type EverythingBenchResult } from "./fhir-everything";

export interface FhirBenchResult {
  exported: number;
  exportSeconds: number;
  importPatients: number;
  imported: number;
  importSeconds: number;
  byType: Record<string, number>;
  everything: EverythingBenchResult;
}

export async function measureFhirImportExport(options: {
  db: Database;
  serverUrl: string;
  importPatients: number;
  log: (message: string) => void;
}): Promise<FhirBenchResult> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "bench-fhir-"));
  const target = await createScratchDatabase(options.serverUrl, { migrate: true });
  const targetDb = createPrismaClient(target.url);
  try {
    const whole = path.join(folder, "clinic");
    const exported = await exportClinicToDirectory(options.db, whole, {
      onProgress: ({ type, written, done }) => done && options.log(`  exported ${written} ${type}`),
    });
    options.log(`  export: ${exported.total} resources in ${exported.seconds.toFixed(1)} s`);
    await rm(whole, { recursive: true, force: true });

    const sample = path.join(folder, "sample");
    const patients = await options.db.patient.findMany({ select: { id: true }, orderBy: { mrn: "asc" }, take: options.importPatients });
    await exportClinicToDirectory(options.db, sample, { patientIds: patients.map((patient) => patient.id) });
    const started = performance.now();
    const entries = (await Promise.all((await readdir(sample)).map((file) => entriesOfNdjsonFile(path.join(sample, file))))).flat();
    await importRecords(targetDb, entries, { source: "benchmark" });
    const importSeconds = (performance.now() - started) / 1000;
    options.log(`  import: ${entries.length} resources of ${patients.length} patients in ${importSeconds.toFixed(1)} s`);
    const everything = await measureEverything({ db: options.db, runs: 20, log: options.log });
    return {
      exported: exported.total,
      exportSeconds: exported.seconds,
      importPatients: patients.length,
      imported: entries.length,
      importSeconds,
      byType: exported.counts,
      everything,
    };
  } finally {
    await targetDb.$disconnect();
    await target.drop();
    await rm(folder, { recursive: true, force: true });
  }
}
