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
/** A patient the sign-in throttling tests attack, slowing nobody else's sign-in. */
export const DEMO_ATTACKED_PATIENT_EMAIL = "attacked.patient@demo.clinic";
/** A scheduler the sign-in throttling tests attack; signs in with the password and this authenticator secret. */
export const DEMO_ATTACKED_STAFF = { email: "attacked.scheduler@demo.clinic", totpSecret: "6FDERQ2EK6JLB46EICMENEXFIMPKGVKK" };

/**
 * Gives the demo users the demo password (and staff their TOTP secrets), and
 * adds the three extra demo accounts. Run right after seeding the demo clinic.
 */
export async function applyDemoCredentials(db: Database, now = new Date()): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.user.createMany({
    data: [
      { email: DEMO_UNENROLLED_STAFF_EMAIL, name: "Noah Bennett", role: "SCHEDULER", updatedAt: now },
      { email: DEMO_ATTACKED_PATIENT_EMAIL, name: "Robin Attacked", role: "PATIENT", updatedAt: now },
      { email: DEMO_ATTACKED_STAFF.email, name: "Kai Attacked", role: "SCHEDULER", updatedAt: now },
    ],
    skipDuplicates: true,
  });
  // A patient record of their own, so the attacked patient lands on a working "Your visits".
  const attackedPatient = await db.user.findUniqueOrThrow({ where: { email: DEMO_ATTACKED_PATIENT_EMAIL }, select: { id: true } });
  await db.patient.upsert({
    where: { mrn: "MRN-DEMO-ATTACKED" },
    create: {
      mrn: "MRN-DEMO-ATTACKED",
      givenName: "Robin",
      familyName: "Attacked",
      dateOfBirth: new Date("1988-04-12"),
      sex: "UNKNOWN",
      email: DEMO_ATTACKED_PATIENT_EMAIL,
      timeZone: "America/Chicago",
      userId: attackedPatient.id,
    },
    update: {},
  });
  const enrolled = { ...DEMO_TOTP_SECRETS, [DEMO_ATTACKED_STAFF.email]: DEMO_ATTACKED_STAFF.totpSecret };
  const emails = [...Object.keys(enrolled), DEMO_PATIENT_EMAIL, DEMO_UNENROLLED_STAFF_EMAIL, DEMO_ATTACKED_PATIENT_EMAIL];
  await db.user.updateMany({ where: { email: { in: emails } }, data: { passwordHash, passwordChangedAt: now } });
  for (const [email, secret] of Object.entries(enrolled)) {
    await db.user.update({
      where: { email },
      data: { mfaSecret: encryptSecret(secret, TOTP_SECRET_PURPOSE), mfaEnabledAt: now },
    });
  }
}
