// `npm run fhir:import -- <file or directory> [--organization "Name"]`: outside
// records (a Bundle of type transaction, batch or collection, or NDJSON files;
// a directory's files as one import) into the database at DATABASE_URL (or the
// embedded one). All or nothing: a problem anywhere imports nothing and lists
// every problem with its FHIR path.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { openDatabase } from "../lib/db/environment";
import { createPrismaClient } from "../lib/db/prisma";
import { OperationOutcomeError } from "../lib/fhir/errors";
import { entriesOfBundle, type ImportEntry } from "../lib/fhir/import/input";
import { entriesOfNdjsonFile } from "../lib/fhir/import/ndjson-file";
import { auditedImport } from "../lib/fhir/import/transaction";

const args = process.argv.slice(2);
const organizationFlag = args.indexOf("--organization");
const organizationName = organizationFlag >= 0 ? args[organizationFlag + 1] : undefined;
const target = args.find((arg, index) => !arg.startsWith("--") && index !== organizationFlag + 1);
if (!target) {
  console.error('Usage: npm run fhir:import -- <file or directory> [--organization "Name"]');
  process.exit(1);
}

async function entriesOf(file: string): Promise<ImportEntry[]> {
  if (file.endsWith(".ndjson")) return entriesOfNdjsonFile(file);
  const name = path.basename(file);
  try {
    return entriesOfBundle(JSON.parse(await readFile(file, "utf8")));
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`${name} is not valid JSON.`);
    throw error;
  }
}

const resolved = path.resolve(target);
const files = (await stat(resolved)).isDirectory()
  ? (await readdir(resolved)).filter((name) => /\.(nd)?json$/.test(name)).sort().map((name) => path.join(resolved, name))
  : [resolved];

const database = await openDatabase();
const prisma = createPrismaClient(database.url);
const started = performance.now();
try {
  const entries = (await Promise.all(files.map(entriesOf))).flat();
  console.log(`Read ${entries.length.toLocaleString("en-US")} resources from ${files.length} file(s).`);
  let shown = 0;
  const report = await auditedImport(
    prisma,
    { actorId: "operator:fhir-import", actorRole: null, ip: null, userAgent: "npm run fhir:import" },
    entries,
    {
      source: path.basename(resolved),
      organizationName,
      onProgress: ({ written, total }) => {
        if (Date.now() - shown < 1000 && written < total) return;
        shown = Date.now();
        process.stdout.write(`  written ${written.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}\r`);
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const line = (label: string, tally: Record<string, number>) =>
    console.log(`${label.padEnd(14)} ${Object.entries(tally).map(([type, count]) => `${type} ${count}`).join(", ") || "none"}`);
  console.log("");
  line("Imported:", report.created);
  line("Unchanged:", report.unchanged);
  line("Not imported:", report.notImported);
  if (report.sourceOrganization) console.log(`Source:        ${report.sourceOrganization}`);
  for (const duplicate of report.possibleDuplicates) {
    console.log(`Possible duplicate: ${duplicate.name} (new patient ${duplicate.patientId}) has the name and birth date of patient ${duplicate.matchedPatientId}. A person must confirm before the records are merged.`);
  }
  console.log(`${entries.length.toLocaleString("en-US")} resources in ${seconds.toFixed(1)} s (${Math.round(entries.length / seconds).toLocaleString("en-US")} resources/s).`);
} catch (error) {
  if (error instanceof OperationOutcomeError) {
    console.error("Nothing was imported. Problems:");
    for (const issue of error.issues) console.error(`  ${(issue.expression ?? []).join(", ")}: ${issue.diagnostics}`);
  } else console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await database.close();
}
