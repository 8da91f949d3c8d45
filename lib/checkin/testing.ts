import type { ConsentKind } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { consentExpiresAt, DEFAULT_CONSENT_EXPIRY_MONTHS } from "./consent-rules";

const CHECKED_IN_STATE = "TX";

// For integration tests: consent versions to sign, and a check-in completed
// directly in the database (no audit events), for tests about what comes after it.

/** The current version of the consent, published now if there is none yet. */
export async function currentTestConsent(db: Database, kind: ConsentKind, publishedById: string) {
  const current = await db.consentVersion.findFirst({ where: { kind }, orderBy: { version: "desc" } });
  return current ?? publishTestConsent(db, kind, publishedById);
}

/** A new version of the consent, which supersedes the one before. */
export async function publishTestConsent(db: Database, kind: ConsentKind, publishedById: string) {
  const latest = await db.consentVersion.findFirst({ where: { kind }, orderBy: { version: "desc" }, select: { version: true } });
  const version = (latest?.version ?? 0) + 1;
  return db.consentVersion.create({
    data: {
      kind,
      version,
      title: `${kind} consent v${version}`,
      bodyEn: `I agree (${kind} v${version}).`,
      bodyEs: `Acepto (${kind} v${version}).`,
      publishedById,
    },
  });
}

/**
 * Every step of the visit's check-in done, with the patient's consents to the current versions signed at
 * `now`, from Texas; the visit's physician holds a licence there (kept if they have one), so the patient
 * can be admitted without the licensure warning.
 */
export async function completeTestCheckIn(
  db: Database,
  visit: { appointmentId: string; patientId: string; publishedById: string },
  now = new Date(),
) {
  const patient = await db.patient.findUniqueOrThrow({ where: { id: visit.patientId }, select: { givenName: true, familyName: true } });
  const [telehealth, recording] = await Promise.all([
    currentTestConsent(db, "TELEHEALTH", visit.publishedById),
    currentTestConsent(db, "RECORDING", visit.publishedById),
  ]);
  const signature = (consentVersionId: string, accepted: boolean, expiresAt: Date | null) =>
    db.consentSignature.create({
      data: {
        patientId: visit.patientId,
        consentVersionId,
        appointmentId: visit.appointmentId,
        accepted,
        typedName: `${patient.givenName} ${patient.familyName}`,
        method: "portal",
        ipAddress: "203.0.113.9",
        userAgent: "vitest",
        signedAt: now,
        expiresAt,
      },
    });
  const { physicianId } = await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId }, select: { physicianId: true } });
  await db.physicianLicense.upsert({
    where: { physicianId_state: { physicianId, state: CHECKED_IN_STATE } },
    create: { physicianId, state: CHECKED_IN_STATE, licenseNumber: "TX-TEST-1", expiresOn: new Date("2099-12-31T00:00:00Z") },
    update: {},
  });
  const telehealthSignature = await signature(telehealth.id, true, consentExpiresAt(now, DEFAULT_CONSENT_EXPIRY_MONTHS));
  const recordingSignature = await signature(recording.id, false, null);
  return db.visitCheckIn.create({
    data: {
      appointmentId: visit.appointmentId,
      patientId: visit.patientId,
      country: "US",
      state: CHECKED_IN_STATE,
      addressLine: "100 Congress Ave",
      city: "Austin",
      postalCode: "78701",
      locationKind: "HOME",
      callbackPhone: "+15125550123",
      locationConfirmedAt: now,
      dateOfBirthConfirmedAt: now,
      preferredLanguage: "en",
      languageConfirmedAt: now,
      telehealthConsentId: telehealthSignature.id,
      recordingConsentId: recordingSignature.id,
      completedAt: now,
    },
  });
}
