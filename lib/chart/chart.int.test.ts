import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError } from "@/lib/auth/access";
import type { LabFlag } from "@/lib/db/generated/enums";
import { createPrismaClient } from "@/lib/db/prisma";
import { listVisitHistory } from "./history";
import { getAnalyteTrend, listLabAnalytes, listLabResults } from "./labs";
import { getChartSummary } from "./summary";
import { actorIdOf, auditRowsOf, createChartFixture, daysAgo, grantBreakGlass, type ChartFixture } from "./testing/chart-fixtures";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const now = new Date("2026-06-01T12:00:00Z");

async function chartWithHistory() {
  const fixture = await createChartFixture(db);
  const { patient } = fixture;
  await fixture.addAppointment({ at: daysAgo(200) });
  await db.allergy.createMany({
    data: [
      { patientId: patient.patientId, substance: "Shellfish", reaction: "Hives", severity: "MODERATE" },
      { patientId: patient.patientId, substance: "Penicillin", rxnormCode: "70618", drugClass: "penicillins", reaction: "Hives and facial swelling", severity: "SEVERE" },
      { patientId: patient.patientId, substance: "Grass pollen", reaction: "Sneezing", severity: "MILD" },
      { patientId: patient.patientId, substance: "Bee venom", reaction: "Anaphylaxis", severity: "LIFE_THREATENING" },
    ],
  });
  await db.problem.createMany({
    data: [
      { patientId: patient.patientId, icd10Code: "I10", description: "Essential (primary) hypertension", onsetDate: new Date("2015-03-01") },
      { patientId: patient.patientId, icd10Code: "E11.9", description: "Type 2 diabetes mellitus without complications", onsetDate: new Date("2021-09-01") },
      { patientId: patient.patientId, icd10Code: "J01.90", description: "Acute sinusitis, unspecified", status: "RESOLVED", onsetDate: new Date("2023-01-01") },
    ],
  });
  await db.medication.createMany({
    data: [
      { patientId: patient.patientId, rxnormCode: "314076", name: "lisinopril 10 MG Oral Tablet", dose: "10 mg", route: "oral", frequency: "once daily", startedOn: new Date("2015-03-01") },
      { patientId: patient.patientId, rxnormCode: "861007", name: "metformin hydrochloride 500 MG Oral Tablet", dose: "500 mg", route: "oral", frequency: "twice daily", startedOn: new Date("2021-09-01") },
      { patientId: patient.patientId, rxnormCode: "308191", name: "amoxicillin 500 MG Oral Capsule", dose: "500 mg", route: "oral", frequency: "twice daily", status: "COMPLETED", startedOn: new Date("2023-01-01"), endedOn: new Date("2023-01-11") },
    ],
  });
  return fixture;
}

function labRow(patientId: string, at: Date, panel: string, loincCode: string, analyte: string, value: number, flag: LabFlag = "NORMAL") {
  return { patientId, panel, loincCode, analyte, valueNumeric: value, unit: "mg/dL", referenceLow: 70, referenceHigh: 99, flag, effectiveAt: at };
}

describe("the chart summary", () => {
  it("shows demographics, allergies by severity, active problems with ICD-10, active medications and the latest vitals", async () => {
    const fixture = await chartWithHistory();
    const { patient, physician } = fixture;
    const vitalsAt = (iso: string) => new Date(iso);
    await db.labResult.createMany({
      data: [
        { ...labRow(patient.patientId, vitalsAt("2024-01-01T15:00:00Z"), "Vitals", "8480-6", "Systolic blood pressure", 150, "HIGH"), unit: "mm[Hg]" },
        { ...labRow(patient.patientId, vitalsAt("2025-05-01T14:05:00Z"), "Vitals", "8480-6", "Systolic blood pressure", 128), unit: "mm[Hg]" },
        { ...labRow(patient.patientId, vitalsAt("2025-05-01T14:05:00Z"), "Vitals", "8867-4", "Heart rate", 72), unit: "/min" },
        labRow(patient.patientId, vitalsAt("2025-05-02T10:00:00Z"), "BMP", "2345-7", "Glucose", 130, "HIGH"),
      ],
    });

    const summary = await getChartSummary(db, physician.context, { patientId: patient.patientId }, { now });

    expect(summary.patient).toMatchObject({ id: patient.patientId, givenName: "Alex", dateOfBirth: "1985-06-15", ageYears: 40, sex: "UNKNOWN" });
    expect(summary.allergies.map((allergy) => [allergy.substance, allergy.severity, allergy.highlighted])).toEqual([
      ["Bee venom", "LIFE_THREATENING", true],
      ["Penicillin", "SEVERE", true],
      ["Shellfish", "MODERATE", false],
      ["Grass pollen", "MILD", false],
    ]);
    expect(summary.problems.map((problem) => [problem.icd10Code, problem.onsetDate])).toEqual([
      ["E11.9", "2021-09-01"],
      ["I10", "2015-03-01"],
    ]);
    expect(summary.medications.map((medication) => medication.name)).toEqual([
      "lisinopril 10 MG Oral Tablet",
      "metformin hydrochloride 500 MG Oral Tablet",
    ]);
    expect(summary.vitals).toEqual([
      expect.objectContaining({ loincCode: "8480-6", label: "Systolic blood pressure", value: 128, flag: "NORMAL", abnormal: false, effectiveAt: new Date("2025-05-01T14:05:00Z") }),
      expect.objectContaining({ loincCode: "8867-4", label: "Heart rate", value: 72, unit: "/min" }),
    ]);
    expect(summary.breakGlass).toBe(false);
  });

  it("is the patient's own to read, refused to anyone else, and every attempt is audited", async () => {
    const fixture = await chartWithHistory();
    const { patient, otherPatient, otherPhysician, scheduler, admin } = fixture;
    await expect(getChartSummary(db, patient.context, { patientId: patient.patientId })).resolves.toMatchObject({ patient: { id: patient.patientId } });
    for (const outsider of [otherPatient.context, scheduler, admin]) {
      await expect(getChartSummary(db, outsider, { patientId: patient.patientId })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    const refusal = await getChartSummary(db, otherPhysician.context, { patientId: patient.patientId }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect((refusal as AccessDeniedError).breakGlassAvailable).toBe(true);

    const audit = (await auditRowsOf(db, patient.patientId)).filter((row) => row.action === "chart.read");
    expect(audit.map((row) => [row.actorId, row.outcome])).toEqual([
      [actorIdOf(patient.context), "ALLOWED"],
      [actorIdOf(otherPatient.context), "DENIED"],
      [actorIdOf(scheduler), "DENIED"],
      [actorIdOf(admin), "DENIED"],
      [actorIdOf(otherPhysician.context), "DENIED"],
    ]);
  });

  it("opens to an unrelated physician while their break-glass grant is open, each read marked in the audit trail", async () => {
    const { patient, otherPhysician } = await chartWithHistory();
    const grant = await grantBreakGlass(db, otherPhysician.userId, patient.patientId);
    const summary = await getChartSummary(db, otherPhysician.context, { patientId: patient.patientId });
    expect(summary.breakGlass).toBe(true);
    expect(summary.allergies[0]!.substance).toBe("Bee venom");
    const [event] = (await auditRowsOf(db, patient.patientId)).filter((row) => row.actorId === actorIdOf(otherPhysician.context));
    expect(event).toMatchObject({ action: "chart.read", outcome: "ALLOWED", breakGlass: true, reason: `break-glass grant ${grant.id}` });
  });

  it("closes to that physician once the grant has run out, and a grant for another patient opens nothing", async () => {
    const { patient, otherPatient, otherPhysician } = await chartWithHistory();
    await grantBreakGlass(db, otherPhysician.userId, patient.patientId, { expiresAt: new Date(Date.now() - 1000) });
    await grantBreakGlass(db, otherPhysician.userId, otherPatient.patientId);
    await expect(getChartSummary(db, otherPhysician.context, { patientId: patient.patientId })).rejects.toMatchObject({
      status: 403,
      breakGlassAvailable: true,
    });
  });
});

describe("labs", () => {
  async function chartWithLabs(fixture: ChartFixture) {
    const { patient } = fixture;
    const rows = [];
    // 10 years of draws, every 4 days: a BMP of 4 analytes, plus a 2-analyte lipid panel at the same draw every 3rd time.
    const start = Date.UTC(2016, 0, 1, 14, 0);
    for (let draw = 0; draw < 900; draw += 1) {
      const at = new Date(start + draw * 4 * 86_400_000);
      const glucose = 80 + (draw % 40);
      rows.push(labRow(patient.patientId, at, "BMP", "2345-7", "Glucose", glucose, glucose > 99 ? "HIGH" : "NORMAL"));
      rows.push({ ...labRow(patient.patientId, at, "BMP", "2951-2", "Sodium", 140), unit: "mmol/L", referenceLow: 136, referenceHigh: 145 });
      rows.push({ ...labRow(patient.patientId, at, "BMP", "2823-3", "Potassium", 4.2), unit: "mmol/L", referenceLow: 3.5, referenceHigh: 5.1 });
      rows.push({ ...labRow(patient.patientId, at, "BMP", "2160-0", "Creatinine", 0.9), referenceLow: 0.59, referenceHigh: 1.04 });
      if (draw % 3 === 0) {
        rows.push({ ...labRow(patient.patientId, at, "Lipid panel", "2093-3", "Cholesterol, total", 210, "HIGH"), referenceLow: null, referenceHigh: 199 });
        rows.push({ ...labRow(patient.patientId, at, "Lipid panel", "13457-7", "LDL cholesterol", 130, "HIGH"), referenceLow: null, referenceHigh: 99 });
      }
    }
    await db.labResult.createMany({ data: rows });
    return rows;
  }

  // A page of 3 is smaller than most draws: each of those pages is one whole draw.
  it.each([97, 3])("pages through thousands of results, newest first, each exactly once, draws never split (pages of %i)", async (limit) => {
    const fixture = await createChartFixture(db);
    await fixture.addAppointment();
    const rows = await chartWithLabs(fixture);
    const total = rows.length;
    expect(total).toBe(4200);
    const drawSize = new Map<number, number>();
    for (const row of rows) drawSize.set(row.effectiveAt.getTime(), (drawSize.get(row.effectiveAt.getTime()) ?? 0) + 1);
    const seen: string[] = [];
    let cursor: string | undefined;
    let previousOldest = Infinity;
    let pages = 0;
    do {
      const page = await listLabResults(db, fixture.physician.context, { patientId: fixture.patient.patientId, cursor, limit });
      // The last page says it is the last: no empty page after it.
      expect(page.groups.length).toBeGreaterThan(0);
      for (const group of page.groups) {
        expect(group.effectiveAt.getTime()).toBeLessThanOrEqual(previousOldest);
        seen.push(...group.results.map((result) => result.id));
      }
      const instants = new Set(page.groups.map((group) => group.effectiveAt.getTime()));
      for (const instant of instants) {
        const onPage = page.groups.filter((group) => group.effectiveAt.getTime() === instant).reduce((sum, group) => sum + group.results.length, 0);
        expect(onPage).toBe(drawSize.get(instant));
      }
      previousOldest = Math.min(...page.groups.map((group) => group.effectiveAt.getTime()));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBeGreaterThan(40);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("groups a page by panel with units, reference ranges and abnormal flags, filtered by date and panel", async () => {
    const fixture = await createChartFixture(db);
    await fixture.addAppointment();
    await chartWithLabs(fixture);
    const page = await listLabResults(db, fixture.physician.context, {
      patientId: fixture.patient.patientId,
      from: "2016-01-01",
      to: "2016-01-10",
    });
    // Draws on Jan 1, 5 and 9 2016; lipids on Jan 1 only (every third draw).
    expect(page.groups.map((group) => [group.effectiveAt.toISOString().slice(0, 10), group.panel, group.results.length])).toEqual([
      ["2016-01-09", "BMP", 4],
      ["2016-01-05", "BMP", 4],
      ["2016-01-01", "BMP", 4],
      ["2016-01-01", "Lipid panel", 2],
    ]);
    expect(page.nextCursor).toBeNull();
    const lipids = page.groups[3]!;
    expect(lipids.abnormalCount).toBe(2);
    expect(lipids.results[0]).toMatchObject({ analyte: "Cholesterol, total", unit: "mg/dL", referenceLow: null, referenceHigh: 199, flag: "HIGH", abnormal: true });

    const lipidOnly = await listLabResults(db, fixture.physician.context, { patientId: fixture.patient.patientId, panel: "Lipid panel", limit: 1000 });
    expect(lipidOnly.groups.every((group) => group.panel === "Lipid panel")).toBe(true);
    expect(lipidOnly.groups).toHaveLength(300);

    await expect(
      listLabResults(db, fixture.physician.context, { patientId: fixture.patient.patientId, cursor: "garbage" }),
    ).rejects.toBeInstanceOf(ZodError);
  });

  it("draws one analyte's trend with its reference band and abnormal points, for a date range", async () => {
    const fixture = await createChartFixture(db);
    await fixture.addAppointment();
    await chartWithLabs(fixture);
    const all = await getAnalyteTrend(db, fixture.physician.context, { patientId: fixture.patient.patientId, loincCode: "2345-7" });
    expect(all.points).toHaveLength(900);
    expect(all.points[0]!.at < all.points[899]!.at).toBe(true);
    expect(all.referenceBand).toEqual({ low: 70, high: 99 });
    expect(all.abnormalCount).toBe(all.points.filter((point) => point.value > 99).length);
    expect(all.points.filter((point) => point.abnormal).every((point) => point.flag === "HIGH")).toBe(true);

    const year = await getAnalyteTrend(db, fixture.physician.context, {
      patientId: fixture.patient.patientId,
      loincCode: "13457-7",
      from: "2020-01-01",
      to: "2021-01-01",
    });
    expect(year.points.length).toBeGreaterThan(25);
    expect(year.points.every((point) => point.at >= new Date("2020-01-01") && point.at < new Date("2021-01-01"))).toBe(true);
    expect(year).toMatchObject({ analyte: "LDL cholesterol", panel: "Lipid panel", referenceBand: { low: null, high: 99 } });

    const analytes = await listLabAnalytes(db, fixture.physician.context, { patientId: fixture.patient.patientId });
    expect(analytes.map((panel) => [panel.panel, panel.analytes.map((analyte) => [analyte.analyte, analyte.count])])).toEqual([
      ["BMP", [["Creatinine", 900], ["Glucose", 900], ["Potassium", 900], ["Sodium", 900]]],
      ["Lipid panel", [["Cholesterol, total", 300], ["LDL cholesterol", 300]]],
    ]);
  });

  it("refuses a scheduler and another patient, and audits the refusals", async () => {
    const fixture = await createChartFixture(db);
    await fixture.addAppointment();
    for (const outsider of [fixture.scheduler, fixture.otherPatient.context]) {
      await expect(listLabResults(db, outsider, { patientId: fixture.patient.patientId })).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(getAnalyteTrend(db, outsider, { patientId: fixture.patient.patientId, loincCode: "2345-7" })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    const denied = (await auditRowsOf(db, fixture.patient.patientId)).filter((row) => row.outcome === "DENIED");
    expect(denied).toHaveLength(4);
  });
});

describe("visit history", () => {
  it("lists past visits newest first with their signed notes and prescriptions, a page at a time", async () => {
    const fixture = await createChartFixture(db);
    const { physician, patient } = fixture;
    const visits = [];
    for (let index = 0; index < 5; index += 1) visits.push(await fixture.addAppointment({ at: daysAgo(150 - 30 * index) }));
    const upcoming = await fixture.addAppointment({ at: daysAgo(-5), status: "BOOKED" });
    await fixture.addAppointment({ at: daysAgo(10), withVisit: false, status: "CANCELLED" });
    const signed = await db.consultationNote.create({
      data: { visitId: visits[4]!.visitId!, authorId: physician.userId, status: "SIGNED", signedAt: daysAgo(30), signedById: physician.userId, assessment: "1. Hypertension: controlled.", plan: "- Follow up in 3 months." },
    });
    for (const body of ["Potassium came back normal.", "Patient called: no cough."]) await db.noteAddendum.create({ data: { noteId: signed.id, authorId: physician.userId, body } });
    await db.consultationNote.create({
      data: { visitId: visits[2]!.visitId!, authorId: physician.userId, status: "SIGNED", signedAt: daysAgo(90), signedById: physician.userId, plan: "- Recheck in 2 months." },
    });
    await db.consultationNote.create({ data: { visitId: visits[3]!.visitId!, authorId: physician.userId, plan: "draft, not for others' eyes" } });
    await db.prescription.create({
      data: { patientId: patient.patientId, prescriberId: physician.physicianId, visitId: visits[4]!.visitId, rxnormCode: "314076", drugName: "lisinopril 10 MG Oral Tablet", dose: "10 mg", route: "oral", frequency: "once daily", quantity: 90, refills: 3 },
    });

    const seen: string[] = [];
    let cursor: string | undefined;
    const pages = [];
    do {
      const page = await listVisitHistory(db, physician.context, { patientId: patient.patientId, cursor, limit: 2 });
      pages.push(page);
      seen.push(...page.visits.map((visit) => visit.appointmentId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(visits.map((visit) => visit.appointmentId).reverse());
    expect(seen).not.toContain(upcoming.appointmentId);
    expect(pages).toHaveLength(3);

    const [latest, withDraft] = pages[0]!.visits;
    expect(latest!.note).toMatchObject({ assessment: "1. Hypertension: controlled.", plan: "- Follow up in 3 months.", truncated: false, signedByName: physician.name, addendumCount: 2 });
    expect(pages[1]!.visits[0]!.note).toMatchObject({ plan: "- Recheck in 2 months.", addendumCount: 0 });
    expect(latest!.prescriptions.map((prescription) => prescription.drugName)).toEqual(["lisinopril 10 MG Oral Tablet"]);
    // Each as written, every field.
    expect(latest!.prescriptions).toEqual(
      await db.prescription.findMany({
        where: { visitId: latest!.visitId },
        select: { id: true, drugName: true, rxnormCode: true, dose: true, route: true, frequency: true, quantity: true, refills: true, status: true, prescribedAt: true },
      }),
    );
    expect(latest!.note!.signedAt).toBeInstanceOf(Date);
    expect(withDraft!.note).toBeNull();
  });

  it("is refused to a scheduler, the patient and an unrelated physician without break-glass, all audited", async () => {
    const fixture = await createChartFixture(db);
    await fixture.addAppointment();
    for (const outsider of [fixture.scheduler, fixture.patient.context, fixture.otherPhysician.context]) {
      await expect(listVisitHistory(db, outsider, { patientId: fixture.patient.patientId })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    const audit = await auditRowsOf(db, fixture.patient.patientId);
    expect(audit.filter((row) => row.action === "note.read" && row.outcome === "DENIED")).toHaveLength(3);
  });
});
