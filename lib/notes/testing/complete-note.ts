import type { Database } from "@/lib/db/prisma";
import type { TelehealthBlock } from "../telehealth-fields";

// For tests about something other than the telehealth block: a note that
// states everything signing needs, written straight to its draft row (the
// version stays, so a test's expectedVersion still holds).

export const COMPLETE_TELEHEALTH_BLOCK: TelehealthBlock = {
  modality: "VIDEO",
  audioOnlyReason: null,
  patientLocation: { state: "NY", country: "US", address: "12 Elm St, Albany, 12203", kind: "HOME" },
  physicianLocation: { type: "CLINIC", state: "NY" },
  participants: [
    { name: "Test Patient", role: "PATIENT", language: null, relationship: null },
    { name: "Test Physician", role: "PHYSICIAN", language: null, relationship: null },
  ],
  startedAt: "2026-03-05T14:00:00.000Z",
  endedAt: "2026-03-05T14:22:00.000Z",
  totalMinutes: 22,
  consent: { version: 1, signedAt: "2026-03-05T13:50:00.000Z" },
  identity: { dateOfBirthConfirmedAt: "2026-03-05T13:51:00.000Z", physicianAttested: false, attestedAt: null },
};

export async function completeNoteForSigning(db: Database, appointmentId: string, options: { cptCode?: string; diagnosisCodes?: string[] } = {}) {
  await db.consultationNote.updateMany({
    where: { visit: { appointmentId }, status: "DRAFT" },
    data: {
      telehealth: COMPLETE_TELEHEALTH_BLOCK as unknown as object,
      cptCode: options.cptCode ?? "98005",
      diagnosisCodes: options.diagnosisCodes ?? ["I10"],
    },
  });
}
