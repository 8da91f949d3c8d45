// The FHIR phase of npm run bench: the bench clinic exported in the Bulk Data
// format (npm run fhir:export's code) and those files imported into an empty
// database on the same server (npm run fhir:import's code), each timed as
// resources per second.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Database } from "../../lib/db/prisma";
import { createPrismaClient } from "../../lib/db/prisma";
import { createScratchDatabase } from "../../lib/db/testing/scratch-database";
import { exportClinicToDirectory } from "../../lib/fhir/bulk/ndjson-export";
import { entriesOfNdjson } from "../../lib/fhir/import/input";
import { importRecords } from "../../lib/fhir/import/importer";

export interface FhirBenchResult {
  exported: number;
  exportSeconds: number;
  imported: number;
  importSeconds: number;
  byType: Record<string, number>;
}

export async function measureFhirImportExport(options: { db: Database; serverUrl: string; log: (message: string) => void }): Promise<FhirBenchResult> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "bench-fhir-"));
  const target = await createScratchDatabase(options.serverUrl, { migrate: true });
  const targetDb = createPrismaClient(target.url);
  try {
    const exported = await exportClinicToDirectory(options.db, folder, {
      onProgress: ({ type, written, done }) => done && options.log(`  exported ${written} ${type}`),
    });
    options.log(`  export: ${exported.total} resources in ${exported.seconds.toFixed(1)} s`);
    const entries = (await Promise.all((await readdir(folder)).map(async (file) => entriesOfNdjson(await readFile(path.join(folder, file), "utf8"), file)))).flat();
    const started = performance.now();
    await importRecords(targetDb, entries, { source: "benchmark" });
    const importSeconds = (performance.now() - started) / 1000;
    options.log(`  import: ${entries.length} resources in ${importSeconds.toFixed(1)} s`);
    return { exported: exported.total, exportSeconds: exported.seconds, imported: entries.length, importSeconds, byType: exported.counts };
  } finally {
    await targetDb.$disconnect();
    await target.drop();
    await rm(folder, { recursive: true, force: true });
  }
}
