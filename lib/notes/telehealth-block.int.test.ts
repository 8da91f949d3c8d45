import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { actorIdOf, createChartFixture, daysAgo } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import { NoteIncompleteError, NoteVersionConflictError } from "./errors";
import { openDraftNote, saveNote, signNote } from "./notes";
import { recordTelehealthVisit } from "./testing/telehealth-visit";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

async function recordedVisit(options: Partial<Parameters<typeof recordTelehealthVisit>[1]> = {}) {
  const fixture = await createChartFixture(db);
  const startsAt = daysAgo(3);
  const { appointmentId, visitId } = await fixture.addAppointment({ at: startsAt });
  const recorded = await recordTelehealthVisit(db, {
    appointmentId,
    visitId: visitId!,
    patientId: fixture.patient.patientId,
    physicianUserId: fixture.physician.userId,
    publisherId: actorIdOf(fixture.admin)!,
    startsAt,
    ...options,
  });
  const patient = await db.patient.findUniqueOrThrow({ where: { id: fixture.patient.patientId } });
  return { ...fixture, appointmentId, recorded, patientName: `${patient.givenName} ${patient.familyName}` };
}

const noteRow = (appointmentId: string) => db.consultationNote.findFirstOrThrow({ where: { visit: { appointmentId } } });

describe("the drafted telehealth block", () => {
  it("is filled from the check-in, the consent signed, the interpreter who joined and the participant events", async () => {
    const { physician, appointmentId, recorded, patientName } = await recordedVisit({ interpreter: { name: "Marta Gil", language: "es" } });
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    expect(note.telehealth).toEqual({
      modality: "VIDEO",
      audioOnlyReason: null,
      patientLocation: { state: "NY", country: "US", address: "12 Elm St, Albany, 12203", kind: "HOME" },
      physicianLocation: { type: null, state: null },
      participants: [
        { name: patientName, role: "PATIENT", language: null, relationship: null },
        { name: physician.name, role: "PHYSICIAN", language: null, relationship: null },
        { name: "Marta Gil", role: "INTERPRETER", language: "es", relationship: null },
      ],
      startedAt: recorded.startedAt.toISOString(),
      endedAt: recorded.endedAt.toISOString(),
      totalMinutes: 22,
      consent: { version: recorded.consentVersion, signedAt: recorded.consentSignedAt.toISOString() },
      identity: { dateOfBirthConfirmedAt: recorded.dateOfBirthConfirmedAt.toISOString(), physicianAttested: false, attestedAt: null },
    });
  });

  it("fills only its blanks when the note is opened again: what the physician stated stays", async () => {
    const fixture = await createChartFixture(db);
    const startsAt = daysAgo(2);
    const { appointmentId, visitId } = await fixture.addAppointment({ at: startsAt });
    const { note } = await openDraftNote(db, fixture.physician.context, { appointmentId });
    expect(note.telehealth).toMatchObject({ startedAt: null, patientLocation: { state: null } });
    const mine = { ...note.telehealth!, physicianLocation: { type: "HOME" as const, state: "NJ" }, patientLocation: { ...note.telehealth!.patientLocation, state: "CT" } };
    await saveNote(db, fixture.physician.context, { appointmentId, expectedVersion: note.version, telehealth: mine });

    // The check-in and the call happen after the physician opened the note.
    await recordTelehealthVisit(db, {
      appointmentId,
      visitId: visitId!,
      patientId: fixture.patient.patientId,
      physicianUserId: fixture.physician.userId,
      publisherId: actorIdOf(fixture.admin)!,
      startsAt,
    });
    const reopened = (await openDraftNote(db, fixture.physician.context, { appointmentId })).note;
    // Recorded facts filled in are no new version: an editor at the saved one is not told of a conflict.
    expect(reopened.version).toBe(note.version + 1);
    expect(reopened.telehealth).toMatchObject({
      physicianLocation: { type: "HOME", state: "NJ" },
      patientLocation: { state: "CT", country: "US", kind: "HOME" },
      totalMinutes: 22,
    });
  });
});

describe("signing a telehealth note", () => {
  it("is refused while the block, code or diagnoses are missing, naming them, and nothing changes", async () => {
    const { physician, appointmentId } = await recordedVisit();
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: note.version, plan: "Rest and fluids." });
    const before = await noteRow(appointmentId);

    const refusal = await signNote(db, physician.context, { appointmentId, expectedVersion: before.version }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(NoteIncompleteError);
    expect(refusal).toMatchObject({ status: 409, code: "TELEHEALTH_BLOCK_INCOMPLETE", missing: ["physicianLocation.type", "physicianLocation.state", "cptCode", "diagnosisCodes"] });
    expect(await noteRow(appointmentId)).toEqual(before);

    const stated = await saveNote(db, physician.context, {
      appointmentId,
      expectedVersion: before.version,
      telehealth: { ...note.telehealth!, physicianLocation: { type: "CLINIC", state: "NY" } },
      cptCode: "98005",
      diagnosisCodes: ["I10"],
    });
    const signed = await signNote(db, physician.context, { appointmentId, expectedVersion: stated.version });
    expect(signed).toMatchObject({ status: "SIGNED", cptCode: "98005", diagnosisCodes: ["I10"], telehealth: { physicianLocation: { type: "CLINIC", state: "NY" } } });
  });

  it("an audio-only visit needs the reason video was not used", async () => {
    const { physician, appointmentId } = await recordedVisit({ modality: "AUDIO_ONLY", audioOnlyReason: null });
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    const stated = await saveNote(db, physician.context, {
      appointmentId,
      expectedVersion: note.version,
      plan: "Fluids.",
      telehealth: { ...note.telehealth!, physicianLocation: { type: "HOME", state: "NY" } },
      cptCode: "98013",
      diagnosisCodes: ["J06.9"],
    });
    await expect(signNote(db, physician.context, { appointmentId, expectedVersion: stated.version })).rejects.toMatchObject({ missing: ["audioOnlyReason"] });
    expect((await noteRow(appointmentId)).status).toBe("DRAFT");
  });
});

describe("saving the block", () => {
  it("two edits of one version: the second gets a conflict with the saved block, and overwrites nothing", async () => {
    const { physician, appointmentId } = await recordedVisit();
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    const atClinic = { ...note.telehealth!, physicianLocation: { type: "CLINIC" as const, state: "NY" } };
    const atHome = { ...note.telehealth!, physicianLocation: { type: "HOME" as const, state: "NJ" } };
    await saveNote(db, physician.context, { appointmentId, expectedVersion: note.version, telehealth: atClinic });
    const conflict = await saveNote(db, physician.context, { appointmentId, expectedVersion: note.version, telehealth: atHome, cptCode: "99213" }).catch(
      (error: unknown) => error,
    );
    expect(conflict).toBeInstanceOf(NoteVersionConflictError);
    expect(conflict).toMatchObject({ current: { telehealth: atClinic, cptCode: null }, attempted: { telehealth: atHome, cptCode: "99213" } });
    expect(await noteRow(appointmentId)).toMatchObject({ telehealth: atClinic, cptCode: null, version: note.version + 1 });
    // The same block sent again (a retry after a lost answer) is not a conflict.
    await expect(saveNote(db, physician.context, { appointmentId, expectedVersion: note.version, telehealth: atClinic })).resolves.toMatchObject({
      version: note.version + 1,
    });
  });

  it.each([
    ["a state that does not exist", (block: object) => ({ telehealth: { ...block, physicianLocation: { type: "HOME", state: "ZZ" } } })],
    ["script in the address", (block: { patientLocation: object }) => ({ telehealth: { ...block, patientLocation: { ...block.patientLocation, address: "<script>x</script>" } } })],
    ["a code not on the list", () => ({ cptCode: "99999" })],
    ["a diagnosis twice", () => ({ diagnosisCodes: ["I10", "I10"] })],
    ["a handout that does not exist", () => ({ handouts: ["how-to-hack"] })],
  ])("refuses %s and changes nothing", async (_, change) => {
    const { physician, appointmentId } = await recordedVisit();
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    const before = await noteRow(appointmentId);
    // Hostile input arrives as JSON, so the test sends it untyped.
    const input = { appointmentId, expectedVersion: note.version, ...change(note.telehealth as never) } as Parameters<typeof saveNote>[2];
    await expect(saveNote(db, physician.context, input)).rejects.toBeInstanceOf(ZodError);
    expect(await noteRow(appointmentId)).toEqual(before);
  });
});
