import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import { ClinicalConflictError, ClinicalValidationError, PrescriptionWarningsError } from "./errors";
import {
  createPrescription,
  discontinuePrescription,
  listPrescriptions,
  searchDrugsForPatient,
  type CreatePrescriptionInput,
} from "./prescriptions";
import { actorIdOf, addPenicillinAllergy, auditRowsOf, createChartFixture, daysAgo } from "./testing/chart-fixtures";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const AMOXICILLIN_500 = "308191";

async function allergicPatient() {
  const fixture = await createChartFixture(db);
  const visit = await fixture.addAppointment({ at: daysAgo(30) });
  const allergy = await addPenicillinAllergy(db, fixture.patient.patientId);
  const lisinopril = await db.medication.create({
    data: {
      patientId: fixture.patient.patientId,
      rxnormCode: "314076",
      name: "lisinopril 10 MG Oral Tablet",
      dose: "10 mg",
      route: "oral",
      frequency: "once daily",
      startedOn: new Date("2020-01-01"),
    },
  });
  const amoxicillin = (overrides: Partial<CreatePrescriptionInput> = {}): CreatePrescriptionInput => ({
    patientId: fixture.patient.patientId,
    appointmentId: visit.appointmentId,
    rxnormCode: AMOXICILLIN_500,
    dose: "500 mg",
    route: "oral",
    frequency: "twice daily",
    quantity: 20,
    refills: 0,
    instructions: "Take 1 capsule by mouth twice daily for 10 days.",
    ...overrides,
  });
  return { ...fixture, visit, allergy, lisinopril, amoxicillin };
}

const prescriptionsOf = (patientId: string) => db.prescription.findMany({ where: { patientId } });

describe("prescribing against an allergy", () => {
  it("is refused until the warning is acknowledged, then written with the acknowledgement recorded", async () => {
    const chart = await allergicPatient();
    const refusal = await createPrescription(db, chart.physician.context, chart.amoxicillin()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PrescriptionWarningsError);
    const warnings = (refusal as PrescriptionWarningsError).warnings;
    expect(warnings).toEqual([
      {
        code: `allergy:${chart.allergy.id}`,
        kind: "ALLERGY_CLASS",
        severity: "HIGH",
        reasonRequired: false,
        message: "Allergy to Penicillin (hives and facial swelling, severe): amoxicillin 500 MG Oral Capsule is in the same class, penicillins.",
      },
    ]);
    expect((refusal as PrescriptionWarningsError).status).toBe(409);
    expect((refusal as PrescriptionWarningsError).body()).toMatchObject({ code: "PRESCRIPTION_WARNINGS", warnings });
    expect(await prescriptionsOf(chart.patient.patientId)).toHaveLength(0);

    // Acknowledging something else is not acknowledging this.
    await expect(
      createPrescription(db, chart.physician.context, chart.amoxicillin({ acknowledgedWarnings: ["allergy:someone-else"] })),
    ).rejects.toBeInstanceOf(PrescriptionWarningsError);

    const created = await createPrescription(
      db,
      chart.physician.context,
      chart.amoxicillin({ acknowledgedWarnings: warnings.map((warning) => warning.code) }),
      { now: new Date("2026-05-04T14:20:00Z") },
    );
    expect(created.acknowledged).toEqual(warnings);
    expect(created.prescription).toMatchObject({
      drugName: "amoxicillin 500 MG Oral Capsule",
      rxnormCode: AMOXICILLIN_500,
      status: "ACTIVE",
      visitId: chart.visit.visitId,
      prescriberName: chart.physician.name,
      acknowledgedAlerts: [`allergy:${chart.allergy.id} ALLERGY_CLASS: ${warnings[0]!.message}`],
    });
    const stored = await db.prescription.findUniqueOrThrow({ where: { id: created.prescription.id } });
    expect(stored.acknowledgedAlerts).toEqual(created.prescription.acknowledgedAlerts);
    expect(await db.medication.findFirst({ where: { prescriptionId: stored.id } })).toMatchObject({ status: "ACTIVE", rxnormCode: AMOXICILLIN_500 });

    const audit = await auditRowsOf(db, chart.patient.patientId);
    expect(audit.filter((row) => row.action === "prescription.acknowledge")).toEqual([
      {
        actorId: chart.physician.userId,
        action: "prescription.acknowledge",
        resourceType: "prescription",
        resourceId: stored.id,
        outcome: "ALLOWED",
        breakGlass: false,
        reason: `Acknowledged ALLERGY_CLASS (allergy:${chart.allergy.id})`,
      },
    ]);
    expect(audit.filter((row) => row.action === "prescription.write").map((row) => row.outcome)).toEqual(["ALLOWED", "ALLOWED", "ALLOWED"]);
  });

  it("warns on duplicate therapy too, and needs no acknowledgement when nothing warns", async () => {
    const chart = await allergicPatient();
    const lisinoprilCombo = {
      ...chart.amoxicillin(),
      rxnormCode: "197885",
      dose: "1 tablet",
      frequency: "once daily",
      quantity: 90,
      refills: 3,
    } as const;
    const refusal = (await createPrescription(db, chart.physician.context, lisinoprilCombo).catch((error: unknown) => error)) as PrescriptionWarningsError;
    expect(refusal.warnings).toMatchObject([{ code: `duplicate:medication:${chart.lisinopril.id}`, kind: "DUPLICATE_INGREDIENT" }]);

    const metformin = await createPrescription(db, chart.physician.context, { ...chart.amoxicillin(), rxnormCode: "861007", appointmentId: undefined });
    expect(metformin.acknowledged).toEqual([]);
    expect(metformin.prescription).toMatchObject({ acknowledgedAlerts: [], visitId: null });
    expect((await auditRowsOf(db, chart.patient.patientId)).some((row) => row.action === "prescription.acknowledge")).toBe(false);

    // Now on metformin: a second biguanide prescription is a duplicate of the new one.
    const again = (await createPrescription(db, chart.physician.context, { ...chart.amoxicillin(), rxnormCode: "861004" }).catch((e: unknown) => e)) as PrescriptionWarningsError;
    expect(again.warnings.map((warning) => warning.kind)).toEqual(["DUPLICATE_INGREDIENT"]);
  });

  it("flags drugs in search results before anything is prescribed", async () => {
    const chart = await allergicPatient();
    const results = await searchDrugsForPatient(db, chart.physician.context, { patientId: chart.patient.patientId, query: "AMOX" });
    // Names starting with the query first; "tamoxifen" matches inside the word, and is no penicillin.
    expect(results.map((result) => [result.drug.name, result.warnings.map((warning) => warning.code)])).toEqual([
      ...["250 MG / clavulanate 125 MG Oral Tablet", "250 MG Oral Capsule", "500 MG Oral Capsule", "500 MG Oral Tablet", "875 MG / clavulanate 125 MG Oral Tablet"].map(
        (rest) => [`amoxicillin ${rest}`, [`allergy:${chart.allergy.id}`]],
      ),
      ["tamoxifen 10 MG Oral Tablet", []],
    ]);
    const [statin] = await searchDrugsForPatient(db, chart.physician.context, { patientId: chart.patient.patientId, query: "atorvastatin 20" });
    expect(statin).toMatchObject({ drug: { rxcui: "617310" }, warnings: [] });
  });
});

describe("prescription rules", () => {
  it("refuses malformed input (400), a route that does not fit the drug and refills of a schedule II opioid (422)", async () => {
    const chart = await allergicPatient();
    await expect(createPrescription(db, chart.physician.context, { ...chart.amoxicillin(), quantity: 0 })).rejects.toBeInstanceOf(ZodError);
    await expect(createPrescription(db, chart.physician.context, { ...chart.amoxicillin(), refills: 12 })).rejects.toBeInstanceOf(ZodError);
    const route = await createPrescription(db, chart.physician.context, { ...chart.amoxicillin(), route: "inhalation" }).catch((e: unknown) => e);
    expect(route).toMatchObject({ status: 422, code: "ROUTE_NOT_FOR_DRUG" });
    const opioid = await createPrescription(db, chart.physician.context, { ...chart.amoxicillin(), rxnormCode: "1049221", refills: 1 }).catch((e: unknown) => e);
    expect(opioid).toBeInstanceOf(ClinicalValidationError);
    expect(opioid).toMatchObject({ code: "TOO_MANY_REFILLS" });
    const otherPatientsVisit = await createPrescription(db, chart.physician.context, { ...chart.amoxicillin(), patientId: chart.otherPatient.patientId }).catch((e: unknown) => e);
    expect(otherPatientsVisit).toMatchObject({ status: 422, code: "PATIENT_MISMATCH" });
    expect(await prescriptionsOf(chart.patient.patientId)).toHaveLength(0);
  });

  it("lets only a treating physician prescribe: a scheduler, an unrelated physician and the patient are refused and audited", async () => {
    const chart = await allergicPatient();
    const input = chart.amoxicillin({ appointmentId: undefined, acknowledgedWarnings: [`allergy:${chart.allergy.id}`] });
    for (const outsider of [chart.scheduler, chart.otherPhysician.context, chart.patient.context, chart.otherPatient.context, chart.admin]) {
      await expect(createPrescription(db, outsider, input)).rejects.toBeInstanceOf(AccessDeniedError);
    }
    expect(await prescriptionsOf(chart.patient.patientId)).toHaveLength(0);
    const denied = (await auditRowsOf(db, chart.patient.patientId)).filter((row) => row.action === "prescription.write" && row.outcome === "DENIED");
    expect(denied.map((row) => row.actorId)).toEqual(
      [chart.scheduler, chart.otherPhysician.context, chart.patient.context, chart.otherPatient.context, chart.admin].map(actorIdOf),
    );
  });
});

describe("active and past prescriptions", () => {
  it("lists active and past, discontinues with a reason once, and takes it off the medication list", async () => {
    const chart = await allergicPatient();
    const { prescription } = await createPrescription(db, chart.physician.context, {
      ...chart.amoxicillin(),
      rxnormCode: "617310",
      dose: "20 mg",
      frequency: "once daily",
      quantity: 90,
      refills: 3,
    });
    expect(await listPrescriptions(db, chart.physician.context, { patientId: chart.patient.patientId })).toMatchObject({
      active: [{ id: prescription.id }],
      past: [],
    });

    const stopped = await discontinuePrescription(
      db,
      chart.physician.context,
      { prescriptionId: prescription.id, reason: "Myalgia; switching to rosuvastatin" },
      { now: new Date("2026-05-20T10:00:00Z") },
    );
    expect(stopped).toMatchObject({ status: "DISCONTINUED", discontinueReason: "Myalgia; switching to rosuvastatin", discontinuedAt: new Date("2026-05-20T10:00:00Z") });
    expect(await db.medication.findFirst({ where: { prescriptionId: prescription.id } })).toMatchObject({ status: "DISCONTINUED", endedOn: new Date("2026-05-20T00:00:00Z") });
    expect(await listPrescriptions(db, chart.patient.context, { patientId: chart.patient.patientId })).toMatchObject({
      active: [],
      past: [{ id: prescription.id, status: "DISCONTINUED" }],
    });

    await expect(discontinuePrescription(db, chart.physician.context, { prescriptionId: prescription.id, reason: "again" })).rejects.toBeInstanceOf(ClinicalConflictError);
    await expect(discontinuePrescription(db, chart.scheduler, { prescriptionId: prescription.id, reason: "not mine" })).rejects.toBeInstanceOf(AccessDeniedError);
    await expect(discontinuePrescription(db, chart.physician.context, { prescriptionId: "no-such-prescription", reason: "typo" })).rejects.toBeInstanceOf(ResourceNotFoundError);
    expect(await db.auditEvent.findFirst({ where: { resourceType: "prescription", resourceId: "no-such-prescription" } })).toMatchObject({ outcome: "DENIED", reason: "not found" });
    await expect(discontinuePrescription(db, chart.physician.context, { prescriptionId: prescription.id, reason: "" })).rejects.toBeInstanceOf(ZodError);
  });
});

describe("prescribing a controlled substance by telemedicine", () => {
  it("needs a visit, audio-video, and a PDMP check: each refusal a 422 with nothing written and audited; then the check's time is kept", async () => {
    const chart = await createChartFixture(db);
    const video = await chart.addAppointment({ at: daysAgo(0), status: "IN_PROGRESS" });
    const audioOnly = await chart.addAppointment({ at: daysAgo(1), status: "COMPLETED" });
    await db.visit.update({ where: { id: audioOnly.visitId! }, data: { modality: "AUDIO_ONLY", audioOnlyReason: "No camera" } });
    const now = new Date();
    const oxycodone = (overrides: Partial<CreatePrescriptionInput> = {}): CreatePrescriptionInput => ({
      patientId: chart.patient.patientId,
      appointmentId: video.appointmentId,
      rxnormCode: "1049683",
      dose: "10 mg",
      route: "oral",
      frequency: "every 6 hours as needed",
      quantity: 12,
      refills: 0,
      pdmpCheckedAt: new Date(now.getTime() - 10 * 60_000).toISOString(),
      ...overrides,
    });
    const refusals = [
      oxycodone({ appointmentId: undefined }),
      oxycodone({ appointmentId: audioOnly.appointmentId }),
      oxycodone({ pdmpCheckedAt: undefined }),
      oxycodone({ pdmpCheckedAt: new Date(now.getTime() - 2 * 86_400_000).toISOString() }),
    ];
    const codes: string[] = [];
    for (const input of refusals) {
      const refusal = await createPrescription(db, chart.physician.context, input, { now }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ClinicalValidationError);
      expect((refusal as ClinicalValidationError).status).toBe(422);
      codes.push((refusal as ClinicalValidationError).code);
    }
    expect(codes).toEqual(["CONTROLLED_NEEDS_VISIT", "CONTROLLED_AUDIO_ONLY", "PDMP_CHECK_REQUIRED", "PDMP_CHECK_STALE"]);
    expect(await prescriptionsOf(chart.patient.patientId)).toHaveLength(0);
    const denied = (await auditRowsOf(db, chart.patient.patientId)).filter((row) => row.action === "prescription.controlled");
    expect(denied.map((row) => [row.outcome, row.reason])).toEqual(codes.map((code) => ["DENIED", `${code}: oxycodone hydrochloride 10 MG Oral Tablet`]));

    // The note's telehealth block, once set, is the visit's recorded modality.
    await db.consultationNote.create({
      data: { visitId: video.visitId!, authorId: chart.physician.userId, telehealth: { modality: "AUDIO_ONLY" } },
    });
    await expect(createPrescription(db, chart.physician.context, oxycodone(), { now })).rejects.toMatchObject({ code: "CONTROLLED_AUDIO_ONLY" });
    await db.consultationNote.update({ where: { visitId: video.visitId! }, data: { telehealth: { modality: "VIDEO" } } });

    const created = await createPrescription(db, chart.physician.context, oxycodone(), { now });
    expect(created.prescription.pdmpCheckedAt).toEqual(new Date(now.getTime() - 10 * 60_000));
  });
});
