import "server-only";
import type { Database } from "@/lib/db/prisma";
import { hashPassword } from "./password";
import { encryptSecret, TOTP_SECRET_PURPOSE } from "../mfa/secret-box";

// Sign-in details for the demo clinic ONLY. They are public (README lists them);
// nothing here runs unless the demo clinic is being seeded.

export const DEMO_PASSWORD = "Clinic-Demo-2026!";

/** Staff must use TOTP; the demo's authenticator secrets, already enrolled. */
export const DEMO_TOTP_SECRETS: Readonly<Record<string, string>> = {
  "maya.lee@demo.clinic": "YKP76E4ILPBGIQV7FWYPLNGY5VGQBOD2",
  "samuel.okafor@demo.clinic": "WKX54C6PL5M6763M67YNZBTWNHJWSYUH",
  "lena.fischer@demo.clinic": "PL6FJ4PQAMVXN4EQL7ZZASRNPWOFGIEB",
  "scheduler@demo.clinic": "2VKI2W75IQ7SPYGKDQPYE5Z3MP6UH4H7",
  "admin@demo.clinic": "URKXBZ7ICNG3R3VP523YTSOYKB6Y7PRT",
};

export const DEMO_PATIENT_EMAIL = "alex.morgan@demo.clinic";
/** A scheduler who has not enrolled in MFA yet, to show (and test) enrolment. */
export const DEMO_UNENROLLED_STAFF_EMAIL = "new.scheduler@demo.clinic";
/** An account the lockout test may lock without locking anyone else out. */
export const DEMO_LOCKOUT_EMAIL = "locked.out@demo.clinic";

/**
 * Gives the demo users the demo password (and staff their TOTP secrets), and
 * adds the two extra demo accounts. Run right after seeding the demo clinic.
 */
export async function applyDemoCredentials(db: Database, now = new Date()): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.user.createMany({
    data: [
      { email: DEMO_UNENROLLED_STAFF_EMAIL, name: "Noah Bennett", role: "SCHEDULER", updatedAt: now },
      { email: DEMO_LOCKOUT_EMAIL, name: "Lockout Example", role: "PATIENT", updatedAt: now },
    ],
    skipDuplicates: true,
  });
  const emails = [...Object.keys(DEMO_TOTP_SECRETS), DEMO_PATIENT_EMAIL, DEMO_UNENROLLED_STAFF_EMAIL, DEMO_LOCKOUT_EMAIL];
  await db.user.updateMany({ where: { email: { in: emails } }, data: { passwordHash, passwordChangedAt: now } });
  for (const [email, secret] of Object.entries(DEMO_TOTP_SECRETS)) {
    await db.user.update({
      where: { email },
      data: { mfaSecret: encryptSecret(secret, TOTP_SECRET_PURPOSE), mfaEnabledAt: now },
    });
  }
}
