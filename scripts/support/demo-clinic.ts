import { applyDemoCredentials } from "../../lib/auth/sign-in/demo-credentials";
import { createPrismaClient } from "../../lib/db/prisma";
import { isSeeded, seedClinic } from "../../lib/db/seed";
import { DEMO_EMAIL_DOMAIN } from "../../lib/db/seed/demo-clinic";
import { seedDemoImaging } from "../../lib/imaging/demo-seed";

export const DEMO_CLINIC_PATIENTS = 40;

/**
 * Seeds the demo clinic, with its documented sign-in details, into an empty
 * database; a seeded one is left alone, except that the demo imaging studies
 * missing from the archive (DICOMWEB_URL) are stored. Needs AUTH_SECRET in the
 * environment (the staff's TOTP secrets are stored encrypted with it).
 */
export async function seedDemoClinicOnce(url: string, log: (message: string) => void): Promise<void> {
  const prisma = createPrismaClient(url);
  try {
    if (!(await isSeeded(prisma))) {
      log("Creating the demo clinic…");
      await seedClinic(prisma, { patients: DEMO_CLINIC_PATIENTS, now: new Date(), log });
      await applyDemoCredentials(prisma);
    }
    await seedDemoImaging(prisma, { now: new Date(), log });
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Whether the database holds any account of the demo clinic: their passwords
 * and TOTP secrets are public (README), so such a database is a demo's.
 */
export async function holdsDemoAccounts(url: string): Promise<boolean> {
  const prisma = createPrismaClient(url);
  try {
    return (await prisma.user.count({ where: { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` } } })) > 0;
  } finally {
    await prisma.$disconnect();
  }
}
