import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import { ClinicalValidationError, PrescriptionWarningsError } from "./errors";
import { listVisitHistory } from "./history";
import { createPrescription, type CreatePrescriptionInput } from "./prescriptions";
import { getVisitReconciliation, latestReconciliationOfVisit, recordReconciliation } from "./reconciliation";
import { auditRowsOf, createChartFixture, daysAgo } from "./testing/chart-fixtures";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const CLARITHROMYCIN_500 = "197517";

/** A patient on simvastatin, phenelzine (by name only) and a prescribed lisinopril, at yesterday's visit (in the past whatever the hour the test runs, so the history lists it), who answered the check-in about simvastatin. */
async function patientOnStatin() {
  const fixture = await createChartFixture(db);
  const visit = await fixture.addAppointment({ at: daysAgo(1), status: "COMPLETED" });
  const patientId = fixture.patient.patientId;
  const medication = (name: string, rxnormCode: string) =>
    db.medication.create({
      data: { patientId, rxnormCode, name, dose: "1 tablet", route: "oral", frequency: "once daily", startedOn: new Date("2024-01-01") },
    });
  const simvastatin = await medication("simvastatin 20 MG Oral Tablet", "312961");
  // Known by name only, as a medication reported from elsewhere may be.
  const outside = await medication("phenelzine 15 MG Oral Tablet", "");
  const lisinopril = await createPrescription(db, fixture.physician.context, {
    patientId,
    rxnormCode: "314076",
    dose: "10 mg",
    route: "oral",
    frequency: "once daily",
    quantity: 30,
    refills: 0,
  });
  await db.visitCheckIn.create({
    data: {
      appointmentId: visit.appointmentId,
      patientId,
      intakeAnswers: { meds: [{ medicationId: simvastatin.id, response: "takingDifferently", note: "Only every other day" }] },
    },
  });
  const clarithromycin = (overrides: Partial<CreatePrescriptionInput> = {}): CreatePrescriptionInput => ({
    patientId,
    appointmentId: visit.appointmentId,
    rxnormCode: CLARITHROMYCIN_500,
    dose: "500 mg",
    route: "oral",
    frequency: "twice daily",
    quantity: 14,
    refills: 0,
    ...overrides,
  });
  return { ...fixture, visit, simvastatin, outside, lisinopril: lisinopril.prescription, clarithromycin };
}

const reconciliationsOf = (patientId: string) => db.medicationReconciliation.count({ where: { patientId } });
const activeNames = async (patientId: string) =>
  (await db.medication.findMany({ where: { patientId, status: "ACTIVE" }, orderBy: { name: "asc" }, select: { name: true } })).map((row) => row.name);

describe("medication reconciliation", () => {
  it("lists the active medications with the check-in's answer; records each status with its time; a stopped one leaves the list", async () => {
    const chart = await patientOnStatin();
    const { medications, latest } = await getVisitReconciliation(db, chart.physician.context, { appointmentId: chart.visit.appointmentId });
    expect(latest).toBeNull();
    expect(medications.map((medication) => [medication.name, medication.checkIn?.response ?? null])).toEqual([
      ["lisinopril 10 MG Oral Tablet", null],
      ["phenelzine 15 MG Oral Tablet", null],
      ["simvastatin 20 MG Oral Tablet", "takingDifferently"],
    ]);
    const lisinoprilMedication = medications[0]!;

    const recordedAt = new Date("2026-12-04T15:05:00Z");
    const reconciliation = await recordReconciliation(
      db,
      chart.physician.context,
      {
        appointmentId: chart.visit.appointmentId,
        items: [
          { medicationId: chart.simvastatin.id, status: "TAKING_DIFFERENTLY", reason: "Takes it every other day", note: "Reports muscle aches" },
          { medicationId: chart.outside.id, status: "NOT_TAKING" },
          { medicationId: lisinoprilMedication.id, status: "STOPPED", reason: "Cough" },
        ],
      },
      { now: recordedAt },
    );
    expect(reconciliation).toMatchObject({
      recordedAt,
      items: [
        { name: "simvastatin 20 MG Oral Tablet", status: "TAKING_DIFFERENTLY", reason: "Takes it every other day", note: "Reports muscle aches", checkInResponse: "takingDifferently" },
        { name: "phenelzine 15 MG Oral Tablet", status: "NOT_TAKING", reason: null, note: null },
        { name: "lisinopril 10 MG Oral Tablet", status: "STOPPED", reason: "Cough" },
      ],
    });
    expect(await activeNames(chart.patient.patientId)).toEqual(["phenelzine 15 MG Oral Tablet", "simvastatin 20 MG Oral Tablet"]);
    expect(await db.prescription.findUniqueOrThrow({ where: { id: chart.lisinopril.id } })).toMatchObject({
      status: "DISCONTINUED",
      discontinueReason: "Stopped at medication reconciliation: Cough",
    });
    const visitId = (await db.visit.findUniqueOrThrow({ where: { appointmentId: chart.visit.appointmentId } })).id;
    expect((await latestReconciliationOfVisit(db, visitId))?.id).toBe(reconciliation.id);
    // The chart's visit history shows it with the visit's note.
    const history = await listVisitHistory(db, chart.physician.context, { patientId: chart.patient.patientId });
    // The same reconciliation, as the panel shows it: who recorded it, every item in order.
    expect(history.visits.find((row) => row.visitId === visitId)?.reconciliation).toEqual(reconciliation);
    const audit = await auditRowsOf(db, chart.patient.patientId);
    expect(audit.filter((row) => row.action === "medication.stop")).toEqual([
      expect.objectContaining({ outcome: "ALLOWED", reason: "Stopped at reconciliation: lisinopril 10 MG Oral Tablet (Cough)" }),
    ]);
  });

  it("refuses a stop or change without a reason, a medication not on this patient's list, or listed twice: 422, nothing changed, audited", async () => {
    const chart = await patientOnStatin();
    const other = await createChartFixture(db);
    const othersMedication = await db.medication.create({
      data: { patientId: other.patient.patientId, rxnormCode: "314076", name: "lisinopril 10 MG Oral Tablet", dose: "10 mg", route: "oral", frequency: "once daily", startedOn: new Date("2024-01-01") },
    });
    const attempts = [
      [{ medicationId: chart.simvastatin.id, status: "STOPPED" as const }],
      [{ medicationId: chart.simvastatin.id, status: "TAKING_DIFFERENTLY" as const, reason: "   " }],
      [{ medicationId: othersMedication.id, status: "TAKING" as const }],
      [
        { medicationId: chart.simvastatin.id, status: "TAKING" as const },
        { medicationId: chart.simvastatin.id, status: "NOT_TAKING" as const },
      ],
    ];
    const codes: string[] = [];
    for (const items of attempts) {
      const refusal = await recordReconciliation(db, chart.physician.context, { appointmentId: chart.visit.appointmentId, items }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ClinicalValidationError);
      expect((refusal as ClinicalValidationError).status).toBe(422);
      codes.push((refusal as ClinicalValidationError).code);
    }
    expect(codes).toEqual(["RECONCILIATION_REASON_REQUIRED", "RECONCILIATION_REASON_REQUIRED", "MEDICATION_NOT_ON_LIST", "REPEATED_MEDICATION"]);
    expect(await reconciliationsOf(chart.patient.patientId)).toBe(0);
    expect(await activeNames(chart.patient.patientId)).toHaveLength(3);
    const denied = (await auditRowsOf(db, chart.patient.patientId)).filter((row) => row.action === "medication.reconcile" && row.outcome === "DENIED");
    expect(denied).toHaveLength(4);

    // Malformed input is a 400 before anything is read.
    await expect(
      recordReconciliation(db, chart.physician.context, { appointmentId: chart.visit.appointmentId, items: [{ medicationId: "../x", status: "TAKING" }] }),
    ).rejects.toBeInstanceOf(ZodError);
    await expect(
      recordReconciliation(db, chart.physician.context, { appointmentId: chart.visit.appointmentId, items: [{ medicationId: chart.simvastatin.id, status: "PAUSED" as never }] }),
    ).rejects.toBeInstanceOf(ZodError);
  });

  it("is the visit's own physician's: a colleague, the patient and a scheduler are refused and audited, nothing recorded", async () => {
    const chart = await patientOnStatin();
    for (const outsider of [chart.otherPhysician.context, chart.patient.context, chart.scheduler]) {
      await expect(
        recordReconciliation(db, outsider, { appointmentId: chart.visit.appointmentId, items: [{ medicationId: chart.simvastatin.id, status: "TAKING" }] }),
      ).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(getVisitReconciliation(db, outsider, { appointmentId: chart.visit.appointmentId })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    expect(await reconciliationsOf(chart.patient.patientId)).toBe(0);
    const denied = (await auditRowsOf(db, chart.patient.patientId)).filter((row) => row.action === "medication.reconcile" && row.outcome === "DENIED");
    expect(denied).toHaveLength(6);
  });
});

describe("prescribing against a current medication's interaction", () => {
  it("warns (409), refuses an acknowledgement without a reason (422, audited, nothing written), and keeps the reason given", async () => {
    const chart = await patientOnStatin();
    const refusal = await createPrescription(db, chart.physician.context, chart.clarithromycin()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PrescriptionWarningsError);
    const [warning, ...others] = (refusal as PrescriptionWarningsError).warnings;
    expect(others).toEqual([]);
    expect(warning).toMatchObject({
      code: `interaction:statins-cyp3a4-inhibitors:medication:${chart.simvastatin.id}`,
      kind: "DRUG_INTERACTION",
      severity: "HIGH",
      reasonRequired: true,
    });
    const before = await db.prescription.count({ where: { patientId: chart.patient.patientId } });

    for (const acknowledgement of [warning!.code, { code: warning!.code, reason: "  " }]) {
      const noReason = await createPrescription(db, chart.physician.context, chart.clarithromycin({ acknowledgedWarnings: [acknowledgement] })).catch(
        (error: unknown) => error,
      );
      expect(noReason).toBeInstanceOf(ClinicalValidationError);
      expect(noReason).toMatchObject({ status: 422, code: "ACKNOWLEDGEMENT_REASON_REQUIRED" });
    }
    expect(await db.prescription.count({ where: { patientId: chart.patient.patientId } })).toBe(before);
    const denied = (await auditRowsOf(db, chart.patient.patientId)).filter((row) => row.action === "prescription.acknowledge" && row.outcome === "DENIED");
    expect(denied).toHaveLength(2);
    expect(denied[0]!.reason).toBe(`No reason given for ${warning!.code}`);

    const created = await createPrescription(
      db,
      chart.physician.context,
      chart.clarithromycin({ acknowledgedWarnings: [{ code: warning!.code, reason: "Simvastatin held for the 7-day course" }] }),
    );
    expect(created.prescription.acknowledgedAlerts).toHaveLength(1);
    expect(created.prescription.acknowledgedAlerts[0]).toContain("DRUG_INTERACTION: Interaction: the patient takes simvastatin 20 MG Oral Tablet");
    expect(created.prescription.acknowledgedAlerts[0]).toContain("Source: ONC high-priority DDI list (Phansalkar S et al., J Am Med Inform Assoc 2012;19:735-743), Table 2.");
    expect(created.prescription.acknowledgedAlerts[0]).toMatch(/ Reason: Simvastatin held for the 7-day course$/);
  });
});
