// `npm run fhir:export -- <dir>`: the whole clinic in the FHIR Bulk Data format
// (one NDJSON file per resource type) from the database at DATABASE_URL (or
// the embedded one), with progress on the way.
import path from "node:path";
import { openDatabase } from "../lib/db/environment";
import { createPrismaClient } from "../lib/db/prisma";
import { exportClinicToDirectory } from "../lib/fhir/bulk/ndjson-export";

const directory = process.argv[2];
if (!directory) {
  console.error("Usage: npm run fhir:export -- <directory>");
  process.exit(1);
}

const database = await openDatabase();
const prisma = createPrismaClient(database.url);
try {
  let last = 0;
  const summary = await exportClinicToDirectory(prisma, path.resolve(directory), {
    onProgress: ({ type, written, done }) => {
      if (done) console.log(`${type.padEnd(20)} ${written.toLocaleString("en-US").padStart(10)} resources`);
      else if (Date.now() - last > 1000) {
        last = Date.now();
        process.stdout.write(`  ${type}: ${written.toLocaleString("en-US")}…\r`);
      }
    },
  });
  console.log(`\nExported ${summary.total.toLocaleString("en-US")} resources in ${summary.seconds.toFixed(1)} s (${Math.round(summary.total / summary.seconds).toLocaleString("en-US")} resources/s) to ${path.resolve(directory)}`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await database.close();
}
