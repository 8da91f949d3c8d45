// `npm run db:seed`: migrates (as MIGRATION_DATABASE_URL's owner, when set) and
// creates the demo clinic, with its documented sign-in details, in the empty
// database at DATABASE_URL (or the embedded one), as the app's runtime role.
// SEED_SCALE sets the number of patients (default 40), e.g. SEED_SCALE=10000
// for a benchmark clinic with about a million lab results. The staff's MFA
// secrets are encrypted with AUTH_SECRET, so seed with the server's secret.
import path from "node:path";
import { applyDemoCredentials } from "../lib/auth/sign-in/demo-credentials";
import { openDatabase } from "../lib/db/environment";
import { migrateDatabase } from "../lib/db/migrate";
import { createPrismaClient } from "../lib/db/prisma";
import { ClinicAlreadySeededError, MAX_PATIENTS, seedClinic } from "../lib/db/seed";
import { seedDemoImaging } from "../lib/imaging/demo-seed";
import { persistedAuthSecret } from "./support/local-services";

const DEFAULT_PATIENTS = 40;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function patientCount(scale: string | undefined): number {
  if (scale === undefined || scale.trim() === "") return DEFAULT_PATIENTS;
  const patients = Number(scale);
  if (!/^\d+$/.test(scale.trim()) || patients < 1 || patients > MAX_PATIENTS) {
    fail(`SEED_SCALE must be a whole number of patients from 1 to ${MAX_PATIENTS}; got "${scale}".`);
  }
  return patients;
}

const patients = patientCount(process.env.SEED_SCALE);
process.env.AUTH_SECRET ??= await persistedAuthSecret(path.join(process.cwd(), ".data"));
const database = await openDatabase();
await migrateDatabase(database.migrationUrl, { log: (message) => console.log(message) });

const prisma = createPrismaClient(database.url);
const started = Date.now();
try {
  const now = new Date();
  const counts = await seedClinic(prisma, { patients, now, log: (message) => console.log(message) });
  await applyDemoCredentials(prisma);
  // Into DICOMWEB_URL's archive when set; without one, the reports alone.
  await seedDemoImaging(prisma, { now, log: (message) => console.log(message) });
  console.log(`\nDemo clinic created in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  for (const [table, count] of Object.entries(counts)) console.log(`  ${table.padEnd(22)} ${count.toLocaleString("en-US")}`);
} catch (error) {
  if (error instanceof ClinicAlreadySeededError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await database.close();
}
