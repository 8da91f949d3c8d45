import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError } from "@/lib/auth/access";
import { actorIdOf, auditRowsOf, createChartFixture, daysAgo } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import { openDraftNote, saveNote, signNote } from "@/lib/notes/notes";
import { recordTelehealthVisit } from "@/lib/notes/testing/telehealth-visit";
import { billingCsv, BILLING_CSV_COLUMNS, deletePayerRule, getSuperbill, savePayerRule } from "./billing";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

type VisitOptions = { kind?: "HOME" | "OTHER"; modality?: "VIDEO" | "AUDIO_ONLY"; payer?: string | null; sign?: boolean };

/** A telehealth visit as recorded, its note stated and (unless `sign` is false) signed. */
async function billedVisit(options: VisitOptions = {}) {
  const fixture = await createChartFixture(db);
  await db.patient.update({ where: { id: fixture.patient.patientId }, data: { payer: options.payer ?? null } });
  const startsAt = daysAgo(5);
  const { appointmentId, visitId } = await fixture.addAppointment({ at: startsAt });
  await recordTelehealthVisit(db, {
    appointmentId,
    visitId: visitId!,
    patientId: fixture.patient.patientId,
    physicianUserId: fixture.physician.userId,
    publisherId: actorIdOf(fixture.admin)!,
    startsAt,
    locationKind: options.kind ?? "HOME",
    modality: options.modality ?? "VIDEO",
    audioOnlyReason: options.modality === "AUDIO_ONLY" ? "The patient's camera failed" : null,
  });
  const { note } = await openDraftNote(db, fixture.physician.context, { appointmentId });
  const saved = await saveNote(db, fixture.physician.context, {
    appointmentId,
    expectedVersion: note.version,
    plan: "Continue lisinopril.",
    telehealth: { ...note.telehealth!, physicianLocation: { type: "CLINIC", state: "NY" } },
    cptCode: "98006",
    diagnosisCodes: ["I10", "E11.9"],
  });
  if (options.sign !== false) await signNote(db, fixture.physician.context, { appointmentId, expectedVersion: saved.version });
  const patient = await db.patient.findUniqueOrThrow({ where: { id: fixture.patient.patientId } });
  return { ...fixture, appointmentId, startsAt, mrn: patient.mrn };
}

describe("the superbill", () => {
  it.each([
    [{ kind: "HOME", modality: "VIDEO", payer: null }, "10", "95"],
    [{ kind: "OTHER", modality: "VIDEO", payer: "Aetna" }, "02", "95"],
    [{ kind: "HOME", modality: "AUDIO_ONLY", payer: null }, "10", "93"],
    [{ kind: "HOME", modality: "VIDEO", payer: "Medicare" }, "10", null],
  ] as const)("%o: POS %s, modifier %s", async (options, pos, modifier) => {
    const { physician, appointmentId, mrn } = await billedVisit(options);
    const bill = await getSuperbill(db, physician.context, { appointmentId });
    expect(bill).toMatchObject({
      patient: { mrn, dateOfBirth: "1985-06-15", payer: options.payer },
      physician: { name: physician.name, licenseNumber: expect.stringMatching(/^LIC-/) },
      line: {
        placeOfService: pos,
        modifier,
        cptCode: "98006",
        cptLabel: "Audio-video visit, established patient, moderate MDM (30+ min)",
        diagnoses: [
          { code: "I10", label: "Essential (primary) hypertension" },
          { code: "E11.9", label: "Type 2 diabetes mellitus without complications" },
        ],
        minutes: 22,
      },
    });
    expect(bill.telehealthStatement[0]).toMatch(options.modality === "VIDEO" ? /^Modality: video/ : /^Modality: audio-only \(video not used: The patient's camera failed\)/);
  });

  it("is its physician's and the administrators': others are refused, every read audited", async () => {
    const { physician, otherPhysician, patient, scheduler, admin, appointmentId } = await billedVisit();
    await expect(getSuperbill(db, admin, { appointmentId })).resolves.toMatchObject({ appointmentId });
    for (const outsider of [otherPhysician.context, patient.context, scheduler]) {
      await expect(getSuperbill(db, outsider, { appointmentId })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    await getSuperbill(db, physician.context, { appointmentId });
    const reads = (await auditRowsOf(db, patient.patientId)).filter((row) => row.action === "billing.read");
    expect(reads.map((row) => [row.actorId, row.outcome])).toEqual([
      [actorIdOf(admin), "ALLOWED"],
      [actorIdOf(otherPhysician.context), "DENIED"],
      [actorIdOf(patient.context), "DENIED"],
      [actorIdOf(scheduler), "DENIED"],
      [actorIdOf(physician.context), "ALLOWED"],
    ]);
  });

  it("does not exist before the note is signed", async () => {
    const { physician, appointmentId } = await billedVisit({ sign: false });
    await expect(getSuperbill(db, physician.context, { appointmentId })).rejects.toMatchObject({ status: 409, code: "NOT_BILLABLE" });
  });
});

describe("the billing CSV", () => {
  it("has one formula-safe row per signed visit of the range, for administrators only", async () => {
    const signed = await billedVisit({ payer: "=HYPERLINK(\"http://evil.example\")" });
    const unsigned = await billedVisit({ sign: false });
    const day = signed.startsAt.toISOString().slice(0, 10);
    const { csv } = await billingCsv(db, signed.admin, { from: day, to: day });
    const lines = csv.replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(lines[0]).toBe(BILLING_CSV_COLUMNS.join(","));
    const row = lines.find((line) => line.includes(signed.mrn));
    expect(row).toBe(`${day},${signed.mrn},${signed.physician.name},98006,95,10,I10 E11.9,22,"'=HYPERLINK(""http://evil.example"")"`);
    expect(lines.some((line) => line.includes(unsigned.mrn))).toBe(false);

    await expect(billingCsv(db, signed.physician.context, { from: day, to: day })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(billingCsv(db, signed.admin, { from: day, to: "2020-01-01" })).rejects.toBeInstanceOf(ZodError);
    await expect(billingCsv(db, signed.admin, { from: "2020-01-01", to: "2022-01-01" })).rejects.toBeInstanceOf(ZodError);
  });
});

describe("payer rules", () => {
  it("an administrator sets a payer's modifier and the superbill follows it; the default rows stay", async () => {
    const payer = `Payer ${Date.now()}`;
    const { admin, physician, appointmentId } = await billedVisit({ payer });
    expect((await getSuperbill(db, physician.context, { appointmentId })).line.modifier).toBe("95");
    const rule = await savePayerRule(db, admin, { payer, modality: "VIDEO", modifier: "gt" });
    expect(rule).toMatchObject({ payer, modifier: "GT" });
    expect((await getSuperbill(db, physician.context, { appointmentId })).line.modifier).toBe("GT");
    await savePayerRule(db, admin, { payer, modality: "VIDEO", modifier: "" });
    expect((await getSuperbill(db, physician.context, { appointmentId })).line.modifier).toBeNull();
    await deletePayerRule(db, admin, { id: rule.id });
    expect((await getSuperbill(db, physician.context, { appointmentId })).line.modifier).toBe("95");

    const defaultRule = await db.payerRule.findFirstOrThrow({ where: { payer: "*", modality: "VIDEO" } });
    await expect(deletePayerRule(db, admin, { id: defaultRule.id })).rejects.toMatchObject({ status: 409, code: "DEFAULT_PAYER_RULE" });
    await expect(savePayerRule(db, physician.context, { payer, modality: "VIDEO", modifier: "95" })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(savePayerRule(db, admin, { payer: "<script>", modality: "VIDEO", modifier: "95" })).rejects.toBeInstanceOf(ZodError);
    await expect(savePayerRule(db, admin, { payer, modality: "VIDEO", modifier: "959" })).rejects.toBeInstanceOf(ZodError);
  });
});
