// `npm run db:seed`: creates the demo clinic in the empty, migrated database at
// DATABASE_URL. SEED_SCALE sets the number of patients (default 40), e.g.
// SEED_SCALE=10000 for a benchmark clinic with about a million lab results.
import { createPrismaClient } from "../lib/db/prisma";
import { ClinicAlreadySeededError, MAX_PATIENTS, seedClinic } from "../lib/db/seed";

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

const url = process.env.DATABASE_URL;
if (!url) {
  fail(
    "DATABASE_URL is not set. Point it at an empty, migrated PostgreSQL database (run `npm run db:migrate` first). " +
      "The embedded database is seeded automatically by `npm run dev`.",
  );
}
const patients = patientCount(process.env.SEED_SCALE);

const prisma = createPrismaClient(url);
const started = Date.now();
try {
  const counts = await seedClinic(prisma, { patients, now: new Date(), log: (message) => console.log(message) });
  console.log(`\nDemo clinic created in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  for (const [table, count] of Object.entries(counts)) console.log(`  ${table.padEnd(22)} ${count.toLocaleString("en-US")}`);
} catch (error) {
  if (error instanceof ClinicAlreadySeededError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
