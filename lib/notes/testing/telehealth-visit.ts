import { randomUUID } from "node:crypto";
import { currentTestConsent } from "@/lib/checkin/testing";
import type { Database } from "@/lib/db/prisma";
import { guestIdentity, physicianIdentity } from "@/lib/visits/participants";

// What other parts of the app record about a telehealth visit (the patient's
// check-in and consent, an interpreter, who joined and left the call when),
// written as rows, so the note's and billing's tests start from a visit as it
// happened without running those features.

const MINUTE_MS = 60_000;

export interface RecordedVisitOptions {
  appointmentId: string;
  visitId: string;
  patientId: string;
  physicianUserId: string;
  /** The user who published the consent version (an admin). */
  publisherId: string;
  /** When the physician joined; the patient joins 2 minutes later and leaves after 22 minutes. */
  startsAt: Date;
  locationKind?: "HOME" | "OTHER";
  state?: string;
  modality?: "VIDEO" | "AUDIO_ONLY";
  audioOnlyReason?: string | null;
  /** An interpreter who joined (and a guest invited who never came). */
  interpreter?: { name: string; language: string };
}

export async function recordTelehealthVisit(db: Database, options: RecordedVisitOptions) {
  const { appointmentId, visitId, startsAt } = options;
  const at = (minutes: number) => new Date(startsAt.getTime() + minutes * MINUTE_MS);
  // The clinic's current version: a version of its own would supersede every other patient's consent in a shared database.
  const consentVersion = await currentTestConsent(db, "TELEHEALTH", options.publisherId);
  const consent = await db.consentSignature.create({
    data: {
      patientId: options.patientId,
      consentVersionId: consentVersion.id,
      appointmentId,
      accepted: true,
      typedName: "Test Patient",
      method: "portal",
      ipAddress: "203.0.113.7",
      userAgent: "test",
      signedAt: at(-10),
    },
  });
  await db.visitCheckIn.create({
    data: {
      appointmentId,
      patientId: options.patientId,
      country: "US",
      state: options.state ?? "NY",
      addressLine: "12 Elm St",
      city: "Albany",
      postalCode: "12203",
      locationKind: options.locationKind ?? "HOME",
      callbackPhone: "+15185550100",
      locationConfirmedAt: at(-9),
      dateOfBirthConfirmedAt: at(-9),
      telehealthConsentId: consent.id,
      completedAt: at(-8),
    },
  });
  await db.visit.update({
    where: { id: visitId },
    data: { modality: options.modality ?? "VIDEO", audioOnlyReason: options.audioOnlyReason ?? null, startedAt: startsAt, endedAt: at(24) },
  });
  const guests = options.interpreter
    ? await Promise.all([
        db.visitGuest.create({
          data: {
            appointmentId,
            displayName: options.interpreter.name,
            relationship: "Interpreter",
            role: "INTERPRETER",
            language: options.interpreter.language,
            tokenHash: randomUUID(),
            createdById: options.physicianUserId,
            expiresAt: at(120),
          },
        }),
        db.visitGuest.create({
          data: {
            appointmentId,
            displayName: "Never Came",
            relationship: "Neighbour",
            tokenHash: randomUUID(),
            createdById: options.physicianUserId,
            expiresAt: at(120),
          },
        }),
      ])
    : [];
  const physician = physicianIdentity(appointmentId, options.physicianUserId);
  // Any identity the server cannot name is one of the patient's portal sessions.
  const patient = `v-test-patient-${randomUUID().slice(0, 8)}`;
  const events = [
    { type: "JOINED" as const, participantIdentity: physician, occurredAt: at(0) },
    { type: "JOINED" as const, participantIdentity: patient, occurredAt: at(2) },
    ...(guests[0] ? [{ type: "JOINED" as const, participantIdentity: guestIdentity(appointmentId, guests[0].id), occurredAt: at(3) }] : []),
    { type: "LEFT" as const, participantIdentity: patient, occurredAt: at(24) },
    { type: "LEFT" as const, participantIdentity: physician, occurredAt: at(25) },
  ];
  await db.visitParticipantEvent.createMany({ data: events.map((event) => ({ visitId, ...event })) });
  return { consentVersion: consentVersion.version, consentSignedAt: consent.signedAt, startedAt: at(2), endedAt: at(24), dateOfBirthConfirmedAt: at(-9) };
}
