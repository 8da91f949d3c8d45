import { afterAll, describe, expect, it } from "vitest";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";
import { NoteTooLongError, NoteVersionConflictError } from "./errors";
import { listVisitHistory } from "@/lib/chart/history";
import { actorIdOf, auditRowsOf, createChartFixture, createVisitType, daysAgo, grantBreakGlass, prescribeLisinopril } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import { getAfterVisitSummaryWithFollowUp, getPatientVisitView } from "./after-visit-summary";
import { addAddendum, getNote, openDraftNote, saveNote, signNote } from "./notes";
import { completeNoteForSigning } from "./testing/complete-note";
import { templateFor } from "./templates";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

async function visitWithNote(options: { visitTypeCode?: string; withVisit?: boolean } = {}) {
  const fixture = await createChartFixture(db);
  const visitType = options.visitTypeCode ? await createVisitType(db, options.visitTypeCode) : fixture.visitType;
  const visit = await fixture.addAppointment({ at: daysAgo(30), visitTypeId: visitType.id, withVisit: options.withVisit });
  return { ...fixture, appointmentId: visit.appointmentId };
}

const noteRow = (appointmentId: string) =>
  db.consultationNote.findFirstOrThrow({ where: { visit: { appointmentId } } });

describe("the draft note", () => {
  it("is created once per visit from the visit type's template, authored by the appointment's physician, even before the call", async () => {
    const { physician, appointmentId } = await visitWithNote({ visitTypeCode: "STANDARD_30", withVisit: false });
    const first = await openDraftNote(db, physician.context, { appointmentId });
    expect(first.created).toBe(true);
    expect(first.note).toMatchObject({
      status: "DRAFT",
      version: 1,
      authorId: physician.userId,
      authorName: physician.name,
      ...templateFor("STANDARD_30").sections,
      addenda: [],
    });
    const again = await openDraftNote(db, physician.context, { appointmentId });
    expect(again).toMatchObject({ created: false, note: { id: first.note.id } });
    expect(await db.visit.count({ where: { appointmentId } })).toBe(1);
  });

  it("is opened by two tabs at once without a second note", async () => {
    const { physician, appointmentId } = await visitWithNote();
    const opened = await Promise.all([openDraftNote(db, physician.context, { appointmentId }), openDraftNote(db, physician.context, { appointmentId })]);
    expect(new Set(opened.map((result) => result.note.id)).size).toBe(1);
    expect(await db.consultationNote.count({ where: { visit: { appointmentId } } })).toBe(1);
  });

  it("is written only by the appointment's physician: others are refused and the refusals audited", async () => {
    const { patient, otherPhysician, scheduler, otherPatient, admin, appointmentId } = await visitWithNote();
    for (const outsider of [otherPhysician.context, scheduler, patient.context, otherPatient.context, admin]) {
      await expect(openDraftNote(db, outsider, { appointmentId })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    expect(await db.consultationNote.count({ where: { visit: { appointmentId } } })).toBe(0);
    const denied = (await auditRowsOf(db, patient.patientId)).filter((row) => row.action === "note.write");
    expect(denied.map((row) => [row.actorId, row.outcome, row.resourceId])).toEqual(
      [otherPhysician.context, scheduler, patient.context, otherPatient.context, admin].map((context) => [actorIdOf(context), "DENIED", appointmentId]),
    );
    await expect(openDraftNote(db, otherPhysician.context, { appointmentId: "no-such-appointment" })).rejects.toBeInstanceOf(ResourceNotFoundError);
  });

  it("is not started for a cancelled appointment", async () => {
    const fixture = await createChartFixture(db);
    const cancelled = await fixture.addAppointment({ status: "CANCELLED", withVisit: false });
    await expect(openDraftNote(db, fixture.physician.context, { appointmentId: cancelled.appointmentId })).rejects.toMatchObject({
      status: 409,
      code: "APPOINTMENT_CANCELLED",
    });
  });
});

describe("saving a note", () => {
  it("applies a save at the expected version and raises the version by one, keeping the text exactly as typed", async () => {
    const { physician, appointmentId } = await visitWithNote();
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    const script = `<script>alert("x")</script>\n  <img src=x onerror=alert(1)> & "quotes" 'too'\t😀`;
    const saved = await saveNote(db, physician.context, { appointmentId, expectedVersion: note.version, subjective: script, plan: "  Follow-up: 2 weeks  " });
    expect(saved).toMatchObject({ version: 2, subjective: script, plan: "  Follow-up: 2 weeks  ", objective: note.objective });
    const row = await noteRow(appointmentId);
    expect(row.subjective).toBe(script);
    expect(row.version).toBe(2);
  });

  it("answers a stale version with a conflict carrying both texts, and overwrites nothing", async () => {
    const { physician, appointmentId } = await visitWithNote();
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    // Tab A saves first.
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, plan: "Tab A: start metformin" });
    // Tab B still edits version 1.
    const conflict = await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, plan: "Tab B: start insulin" }).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(NoteVersionConflictError);
    const refusal = conflict as NoteVersionConflictError;
    expect(refusal.status).toBe(409);
    expect(refusal.current).toMatchObject({ version: 2, status: "DRAFT", plan: "Tab A: start metformin", subjective: note.subjective });
    expect(refusal.attempted).toEqual({ plan: "Tab B: start insulin" });
    expect(refusal.body()).toMatchObject({
      code: "NOTE_VERSION_CONFLICT",
      expectedVersion: 1,
      current: { version: 2, plan: "Tab A: start metformin" },
      attempted: { plan: "Tab B: start insulin" },
    });
    expect(await noteRow(appointmentId)).toMatchObject({ version: 2, plan: "Tab A: start metformin" });

    // Tab B chooses, merging both, against the version it was shown.
    const merged = await saveNote(db, physician.context, { appointmentId, expectedVersion: refusal.current.version, plan: "Start metformin; insulin if HbA1c > 10%" });
    expect(merged).toMatchObject({ version: 3, plan: "Start metformin; insulin if HbA1c > 10%" });
  });

  it("treats a retried save whose text the server already has as saved, without a new version", async () => {
    const { physician, appointmentId } = await visitWithNote();
    await openDraftNote(db, physician.context, { appointmentId });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, assessment: "1. Hypertension (I10): controlled." });
    // The response was lost; the offline queue sends the same save again.
    const retried = await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, assessment: "1. Hypertension (I10): controlled." });
    expect(retried).toMatchObject({ version: 2, assessment: "1. Hypertension (I10): controlled." });
  });

  it("lets exactly one of two simultaneous saves of one version through", async () => {
    const { physician, appointmentId } = await visitWithNote();
    await openDraftNote(db, physician.context, { appointmentId });
    const results = await Promise.allSettled(
      ["from the laptop", "from the tablet"].map((plan) => saveNote(db, physician.context, { appointmentId, expectedVersion: 1, plan })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [rejected] = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
    expect(rejected).toBeInstanceOf(NoteVersionConflictError);
    expect((await noteRow(appointmentId)).version).toBe(2);
  });

  it("refuses a 1 MB section whole with the limit stated, and changes nothing", async () => {
    const { physician, appointmentId } = await visitWithNote();
    await openDraftNote(db, physician.context, { appointmentId });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, subjective: "before" });
    const before = await noteRow(appointmentId);
    const megabyte = "Lorem ipsum dolor sit amet. ".repeat(40_000).slice(0, 1_048_576);
    const refusal = await saveNote(db, physician.context, { appointmentId, expectedVersion: 2, subjective: "after", objective: megabyte }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(NoteTooLongError);
    expect((refusal as NoteTooLongError).status).toBe(413);
    expect((refusal as NoteTooLongError).message).toBe(
      "The objective section is 1,048,576 characters long; the limit is 100,000 characters. Nothing was saved: shorten it, or move part of it to another section.",
    );
    expect(await noteRow(appointmentId)).toEqual(before);

    // Exactly the limit is stored whole.
    const limit = "x".repeat(100_000);
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 2, objective: limit });
    expect((await noteRow(appointmentId)).objective).toHaveLength(100_000);
  });
});

describe("signing and addenda", () => {
  it("locks the note: the app refuses edits, and the database refuses any update or delete", async () => {
    const { physician, appointmentId } = await visitWithNote();
    await openDraftNote(db, physician.context, { appointmentId });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, plan: "- Follow up in 3 months." });
    await completeNoteForSigning(db, appointmentId);
    const signed = await signNote(db, physician.context, { appointmentId, expectedVersion: 2 }, { now: new Date("2026-05-04T14:40:00Z") });
    expect(signed).toMatchObject({ status: "SIGNED", version: 3, signedAt: new Date("2026-05-04T14:40:00Z"), signedByName: physician.name });

    await expect(saveNote(db, physician.context, { appointmentId, expectedVersion: 3, plan: "changed" })).rejects.toMatchObject({ status: 409, code: "NOTE_SIGNED" });
    await expect(signNote(db, physician.context, { appointmentId, expectedVersion: 3 })).rejects.toMatchObject({ code: "NOTE_SIGNED" });

    // Around the app, straight at the database: the trigger refuses.
    await expect(db.consultationNote.update({ where: { id: signed.id }, data: { plan: "tampered" } })).rejects.toThrow(/is signed and cannot be changed/);
    await expect(db.$executeRaw`UPDATE "ConsultationNote" SET status = 'DRAFT' WHERE id = ${signed.id}`).rejects.toThrow(/is signed and cannot be changed/);
    await expect(db.consultationNote.delete({ where: { id: signed.id } })).rejects.toThrow(/is signed and cannot be changed/);
    expect(await noteRow(appointmentId)).toMatchObject({ status: "SIGNED", plan: "- Follow up in 3 months.", version: 3 });
  });

  it("will not sign an empty note, nor a version the signer has not seen", async () => {
    const { physician, appointmentId } = await visitWithNote();
    await openDraftNote(db, physician.context, { appointmentId });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, subjective: "", objective: " ", assessment: "\n", plan: "" });
    await expect(signNote(db, physician.context, { appointmentId, expectedVersion: 2 })).rejects.toMatchObject({ status: 422, code: "EMPTY_NOTE" });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 2, plan: "Rest and fluids." });
    await expect(signNote(db, physician.context, { appointmentId, expectedVersion: 2 })).rejects.toBeInstanceOf(NoteVersionConflictError);
    expect((await noteRow(appointmentId)).status).toBe("DRAFT");
  });

  it("takes corrections as addenda with author and time, after signing only, and never lets them change", async () => {
    const { physician, otherPhysician, appointmentId } = await visitWithNote();
    await openDraftNote(db, physician.context, { appointmentId });
    await expect(addAddendum(db, physician.context, { appointmentId, body: "too early" })).rejects.toMatchObject({ code: "NOTE_NOT_SIGNED" });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, plan: "Recheck potassium." });
    await completeNoteForSigning(db, appointmentId);
    await signNote(db, physician.context, { appointmentId, expectedVersion: 2 });

    const withAddendum = await addAddendum(db, physician.context, { appointmentId, body: "Addendum: potassium 4.1 mmol/L, normal." });
    expect(withAddendum.addenda).toEqual([
      { id: expect.any(String), authorId: physician.userId, authorName: physician.name, body: "Addendum: potassium 4.1 mmol/L, normal.", createdAt: expect.any(Date) },
    ]);
    await expect(addAddendum(db, physician.context, { appointmentId, body: "y".repeat(100_001) })).rejects.toBeInstanceOf(NoteTooLongError);
    await expect(addAddendum(db, otherPhysician.context, { appointmentId, body: "not my patient" })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(db.noteAddendum.update({ where: { id: withAddendum.addenda[0]!.id }, data: { body: "rewritten" } })).rejects.toThrow(/append-only/);
    expect(await db.noteAddendum.count({ where: { noteId: withAddendum.id } })).toBe(1);
  });
});

describe("reading a note", () => {
  it("is for treating physicians (and break-glass), not for schedulers, unrelated physicians or other patients", async () => {
    const { physician, otherPhysician, scheduler, otherPatient, patient, appointmentId } = await visitWithNote();
    expect(await getNote(db, physician.context, { appointmentId })).toBeNull();
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: note.version, plan: "Signed plan for everyone in care" });
    await completeNoteForSigning(db, appointmentId);
    await signNote(db, physician.context, { appointmentId, expectedVersion: note.version + 1 });
    await expect(getNote(db, physician.context, { appointmentId })).resolves.toMatchObject({ status: "SIGNED" });
    for (const outsider of [otherPhysician.context, scheduler, otherPatient.context, patient.context]) {
      await expect(getNote(db, outsider, { appointmentId })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    await grantBreakGlass(db, otherPhysician.userId, patient.patientId);
    await expect(getNote(db, otherPhysician.context, { appointmentId })).resolves.toMatchObject({ status: "SIGNED", plan: "Signed plan for everyone in care" });
    const reads = (await auditRowsOf(db, patient.patientId)).filter((row) => row.action === "note.read");
    expect(reads.map((row) => [row.actorId, row.outcome, row.breakGlass])).toEqual([
      [physician.userId, "ALLOWED", false],
      [physician.userId, "ALLOWED", false],
      [otherPhysician.userId, "DENIED", false],
      [actorIdOf(scheduler), "DENIED", false],
      [actorIdOf(otherPatient.context), "DENIED", false],
      [actorIdOf(patient.context), "DENIED", false],
      [otherPhysician.userId, "ALLOWED", true],
    ]);
  });

  it("shows a draft to its author only: a colleague in the care team or through break-glass sees none until it is signed", async () => {
    const fixture = await visitWithNote();
    const { physician, otherPhysician, patient, appointmentId } = fixture;
    // A colleague who treats the patient too (a visit of their own last month).
    await fixture.addAppointment({ at: daysAgo(40), physicianId: otherPhysician.physicianId });
    const { note } = await openDraftNote(db, physician.context, { appointmentId });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: note.version, assessment: "Working diagnosis, not yet for others" });
    await expect(getNote(db, physician.context, { appointmentId })).resolves.toMatchObject({ status: "DRAFT", assessment: "Working diagnosis, not yet for others" });
    expect(await getNote(db, otherPhysician.context, { appointmentId })).toBeNull();
    const history = await listVisitHistory(db, otherPhysician.context, { patientId: patient.patientId });
    expect(history.visits.find((visit) => visit.appointmentId === appointmentId)?.note).toBeNull();

    await completeNoteForSigning(db, appointmentId);
    await signNote(db, physician.context, { appointmentId, expectedVersion: note.version + 1 });
    await expect(getNote(db, otherPhysician.context, { appointmentId })).resolves.toMatchObject({ status: "SIGNED", assessment: "Working diagnosis, not yet for others" });
  });
});

describe("the after-visit summary", () => {
  it("gives the patient the signed plan, the visit's prescriptions and the follow-up, and nothing before signing", async () => {
    const fixture = await visitWithNote();
    const { physician, patient, otherPatient, appointmentId } = fixture;
    const next = await fixture.addAppointment({ at: daysAgo(-60), status: "BOOKED", withVisit: false });
    await openDraftNote(db, physician.context, { appointmentId });
    await prescribeLisinopril(db, fixture, appointmentId, "Take 1 tablet by mouth once daily.");
    await saveNote(db, physician.context, {
      appointmentId,
      expectedVersion: 1,
      plan: "- Start lisinopril 10 mg once daily.\n- Labs before the next visit: BMP.\n- Follow up by video in about 3 months.",
    });
    expect(await getAfterVisitSummaryWithFollowUp(db, patient.context, appointmentId)).toBeNull();
    await completeNoteForSigning(db, appointmentId);
    // A handout the clinic no longer bundles (attached before it was withdrawn) is left out, not shown blank.
    await db.consultationNote.updateMany({ where: { visit: { appointmentId } }, data: { handouts: ["sleep-habits", "withdrawn-handout"] } });
    await signNote(db, physician.context, { appointmentId, expectedVersion: 2 });

    const summary = await getAfterVisitSummaryWithFollowUp(db, patient.context, appointmentId);
    expect(summary).toMatchObject({
      handouts: ["sleep-habits"],
      visit: { physicianName: physician.name, patientName: expect.stringMatching(/^Alex Morgan-/), startsAt: expect.any(Date), patientTimeZone: "America/Chicago" },
      plan: "- Start lisinopril 10 mg once daily.\n- Labs before the next visit: BMP.\n- Follow up by video in about 3 months.",
      prescriptions: [{ drugName: "lisinopril 10 MG Oral Tablet", dose: "10 mg", route: "oral", frequency: "once daily", instructions: "Take 1 tablet by mouth once daily." }],
      followUp: {
        instructions: ["Labs before the next visit: BMP.", "Follow up by video in about 3 months."],
        nextVisit: { appointmentId: next.appointmentId, startsAt: next.startsAt, physicianName: physician.name },
      },
    });
    await expect(getAfterVisitSummaryWithFollowUp(db, otherPatient.context, appointmentId)).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(getAfterVisitSummaryWithFollowUp(db, fixture.scheduler, appointmentId)).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it("is on the patient's visit page once the note is signed, even before the call is marked complete", async () => {
    const fixture = await createChartFixture(db);
    const { physician, patient } = fixture;
    const { appointmentId } = await fixture.addAppointment({ at: daysAgo(30), status: "IN_PROGRESS" });
    await openDraftNote(db, physician.context, { appointmentId });
    await saveNote(db, physician.context, { appointmentId, expectedVersion: 1, plan: "Return in 2 weeks." });
    expect(await getPatientVisitView(db, patient.context, appointmentId)).toMatchObject({ visit: { status: "IN_PROGRESS" }, summary: null });
    await completeNoteForSigning(db, appointmentId);
    await signNote(db, physician.context, { appointmentId, expectedVersion: 2 });
    expect(await getPatientVisitView(db, patient.context, appointmentId)).toMatchObject({
      visit: { appointmentId, status: "IN_PROGRESS" },
      summary: { plan: "Return in 2 weeks.", followUp: { instructions: ["Return in 2 weeks."] } },
    });

    const cancelled = await fixture.addAppointment({ status: "CANCELLED", withVisit: false });
    expect(await getPatientVisitView(db, patient.context, cancelled.appointmentId)).toMatchObject({ visit: { status: "CANCELLED" }, summary: null });
  });
});
