import { afterAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";
import { createPrismaClient } from "@/lib/db/prisma";
import {
  addAllergy,
  addProblem,
  attestNoKnownAllergies,
  changeAllergy,
  listChartRevisions,
  recordVital,
  resolveProblem,
  searchIcd10ForPatient,
} from "./chart-edits";
import { ClinicalConflictError } from "./errors";
import { getChartSummary } from "./summary";
import { actorIdOf, addPenicillinAllergy, auditRowsOf, createChartFixture, daysAgo } from "./testing/chart-fixtures";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

/** A patient the fixture's physician treats (a visit a month ago). */
async function treatedPatient() {
  const chart = await createChartFixture(db);
  await chart.addAppointment({ at: daysAgo(30) });
  return chart;
}

/** Everything an edit could change on the patient's chart, to compare before and after a refusal. */
async function chartState(patientId: string) {
  const [allergies, problems, vitals, revisions, patient] = await Promise.all([
    db.allergy.findMany({ where: { patientId }, orderBy: { id: "asc" } }),
    db.problem.findMany({ where: { patientId }, orderBy: { id: "asc" } }),
    db.labResult.findMany({ where: { patientId }, orderBy: { id: "asc" } }),
    db.chartRevision.findMany({ where: { patientId }, orderBy: { id: "asc" } }),
    db.patient.findUniqueOrThrow({ where: { id: patientId }, select: { noKnownAllergiesAt: true, noKnownAllergiesById: true } }),
  ]);
  return { allergies, problems, vitals, revisions, patient };
}

const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

describe("editing allergies", () => {
  it("adds, corrects and resolves an allergy, each change a revision with who, when and the row before", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    const { allergy } = await addAllergy(db, chart.physician.context, { patientId, substance: "Latex", reaction: "Rash", severity: "MILD" });
    await changeAllergy(db, chart.physician.context, { patientId, allergyId: allergy.id, change: { action: "update", reaction: "Hives", severity: "SEVERE" } });
    await changeAllergy(db, chart.physician.context, { patientId, allergyId: allergy.id, change: { action: "resolve" } }, { now: new Date("2026-05-04T10:00:00Z") });

    const revisions = await listChartRevisions(db, chart.physician.context, { patientId });
    expect(revisions.map((revision) => [revision.action, revision.subject, revision.actorName])).toEqual([
      ["resolved", "Allergy: Latex", chart.physician.name],
      ["updated", "Allergy: Latex", chart.physician.name],
      ["added", "Allergy: Latex", chart.physician.name],
    ]);
    expect(revisions[1]!.changes).toEqual([
      { field: "reaction", before: "Rash", after: "Hives" },
      { field: "severity", before: "MILD", after: "SEVERE" },
    ]);
    expect(revisions[0]!.changes).toEqual([{ field: "resolvedAt", before: null, after: "2026-05-04T10:00:00.000Z" }]);
    // Resolved: off the summary, kept in the table.
    expect((await getChartSummary(db, chart.physician.context, { patientId })).allergies).toEqual([]);
    expect(await db.allergy.count({ where: { patientId } })).toBe(1);
    const audited = (await auditRowsOf(db, patientId)).filter((row) => row.action === "chart.write");
    expect(audited.map((row) => [row.actorId, row.outcome])).toEqual(Array(3).fill([chart.physician.userId, "ALLOWED"]));
  });

  it("keeps every revision as written: the database refuses to change or remove one, even through the ORM", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    await addAllergy(db, chart.physician.context, { patientId, substance: "Latex", reaction: "Rash", severity: "MILD" });
    const before = await chartState(patientId);
    const [revision] = before.revisions;

    await expect(db.chartRevision.update({ where: { id: revision!.id }, data: { actorName: "Someone else" } })).rejects.toThrow(/ChartRevision is append-only: UPDATE/);
    await expect(db.chartRevision.delete({ where: { id: revision!.id } })).rejects.toThrow(/ChartRevision is append-only: DELETE/);
    await expect(db.chartRevision.deleteMany({ where: { patientId } })).rejects.toThrow(/append-only/);
    expect(await chartState(patientId)).toEqual(before);
  });

  it("refuses a duplicate allergy (any case) with 409, changing nothing, and audits the refusal", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    await addPenicillinAllergy(db, patientId);
    const before = await chartState(patientId);
    const refusal = await refusalOf(addAllergy(db, chart.physician.context, { patientId, substance: "  penicillin ", reaction: "Rash", severity: "MILD" }));
    expect(refusal).toBeInstanceOf(ClinicalConflictError);
    expect((refusal as ClinicalConflictError).status).toBe(409);
    expect((refusal as ClinicalConflictError).body()).toMatchObject({ code: "DUPLICATE_ALLERGY", error: "An allergy to penicillin is already on the chart. Update that one instead." });
    expect(await chartState(patientId)).toEqual(before);
    expect((await auditRowsOf(db, patientId)).at(-1)).toMatchObject({ action: "chart.write", outcome: "DENIED", reason: "DUPLICATE_ALLERGY", actorId: chart.physician.userId });
  });

  it("keeps outside records read-only, refuses a resolved allergy again, and another patient's allergy is not found", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    const imported = await db.importedResource.create({
      data: { patientId, resourceType: "AllergyIntolerance", sourceKey: `matrix|allergy|${patientId}`, resource: {} },
    });
    const mine = await addPenicillinAllergy(db, patientId);
    await changeAllergy(db, chart.physician.context, { patientId, allergyId: mine.id, change: { action: "resolve" } });
    const stranger = await addPenicillinAllergy(db, chart.otherPatient.patientId);
    const before = await chartState(patientId);

    const again = await refusalOf(changeAllergy(db, chart.physician.context, { patientId, allergyId: mine.id, change: { action: "resolve" } }));
    expect((again as ClinicalConflictError).code).toBe("ALREADY_RESOLVED");
    const elsewhere = await refusalOf(changeAllergy(db, chart.physician.context, { patientId, allergyId: stranger.id, change: { action: "resolve" } }));
    expect(elsewhere).toBeInstanceOf(ResourceNotFoundError);
    const outside = await db.allergy.create({ data: { patientId, substance: "Sulfa", reaction: "Rash", severity: "MILD", importedResourceId: imported.id } });
    const withOutside = await chartState(patientId);
    const readOnly = await refusalOf(changeAllergy(db, chart.physician.context, { patientId, allergyId: outside.id, change: { action: "resolve" } }));
    expect((readOnly as ClinicalConflictError).code).toBe("OUTSIDE_RECORD_READ_ONLY");
    expect(await chartState(patientId)).toEqual(withOutside);
    await db.allergy.delete({ where: { id: outside.id } });
    expect(await chartState(patientId)).toEqual(before);
    expect(await db.allergy.findUniqueOrThrow({ where: { id: stranger.id } })).toMatchObject({ resolvedAt: null });
  });

  it("refuses outsiders (the patient, another physician, the desk) and audits them, changing nothing", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    const before = await chartState(patientId);
    const outsiders = [chart.patient.context, chart.otherPhysician.context, chart.scheduler, chart.admin];
    for (const outsider of outsiders) {
      await expect(addAllergy(db, outsider, { patientId, substance: "Latex", reaction: "Rash", severity: "MILD" })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    expect(await chartState(patientId)).toEqual(before);
    const denied = (await auditRowsOf(db, patientId)).filter((row) => row.action === "chart.write" && row.outcome === "DENIED");
    expect(denied.map((row) => row.actorId)).toEqual(outsiders.map(actorIdOf));
  });

  it("refuses hostile and oversized text before anything is read or written", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    for (const substance of ["", "x".repeat(101), "Latex\nRash", "Latex\u0000"]) {
      await expect(addAllergy(db, chart.physician.context, { patientId, substance, reaction: "Rash", severity: "MILD" })).rejects.toBeInstanceOf(ZodError);
    }
    await expect(addAllergy(db, chart.physician.context, { patientId: "../x", substance: "Latex", reaction: "Rash", severity: "MILD" })).rejects.toBeInstanceOf(ZodError);
    expect(await db.allergy.count({ where: { patientId } })).toBe(0);
  });
});

describe("no known allergies", () => {
  it("is attested with who and when, refused while an allergy is active, and cleared when one is added", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    const at = new Date("2026-05-04T09:00:00Z");
    await attestNoKnownAllergies(db, chart.physician.context, { patientId }, { now: at });
    expect((await getChartSummary(db, chart.physician.context, { patientId })).noKnownAllergies).toEqual({ attestedAt: at, attestedByName: chart.physician.name });

    await addAllergy(db, chart.physician.context, { patientId, substance: "Latex", reaction: "Rash", severity: "MILD" });
    expect((await getChartSummary(db, chart.physician.context, { patientId })).noKnownAllergies).toBeNull();

    const before = await chartState(patientId);
    const refusal = await refusalOf(attestNoKnownAllergies(db, chart.physician.context, { patientId }));
    expect((refusal as ClinicalConflictError).code).toBe("ALLERGIES_ACTIVE");
    expect(await chartState(patientId)).toEqual(before);
  });
});

describe("problems and vital signs", () => {
  it("adds a problem from the ICD-10-CM subset, refuses it twice, resolves it once", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    expect((await searchIcd10ForPatient(db, chart.physician.context, { patientId, query: "hypertension" }))[0]).toEqual({
      code: "I10",
      description: "Essential (primary) hypertension",
    });
    await expect(addProblem(db, chart.physician.context, { patientId, icd10Code: "Z99.999" })).rejects.toBeInstanceOf(ZodError);
    const { problem } = await addProblem(db, chart.physician.context, { patientId, icd10Code: "i10", onsetDate: "2024-02-01" });
    expect(problem).toMatchObject({ icd10Code: "I10", description: "Essential (primary) hypertension", status: "ACTIVE" });
    expect((await refusalOf(addProblem(db, chart.physician.context, { patientId, icd10Code: "I10" })) as ClinicalConflictError).code).toBe("DUPLICATE_PROBLEM");

    await resolveProblem(db, chart.physician.context, { patientId, problemId: problem.id, resolvedDate: "2026-05-04" });
    expect((await getChartSummary(db, chart.physician.context, { patientId })).problems).toEqual([]);
    const before = await chartState(patientId);
    expect((await refusalOf(resolveProblem(db, chart.physician.context, { patientId, problemId: problem.id })) as ClinicalConflictError).code).toBe("ALREADY_RESOLVED");
    expect(await chartState(patientId)).toEqual(before);
    const [resolved] = await listChartRevisions(db, chart.physician.context, { patientId });
    expect(resolved!.changes).toEqual([
      { field: "status", before: "ACTIVE", after: "RESOLVED" },
      { field: "resolvedDate", before: null, after: "2026-05-04" },
    ]);
  });

  it("records a home reading as the latest vital, flagged, with the earlier reading as its before", async () => {
    const chart = await treatedPatient();
    const patientId = chart.patient.patientId;
    await recordVital(db, chart.physician.context, { patientId, loincCode: "8480-6", value: 128, source: "CLINIC" }, { now: new Date("2026-05-01T10:00:00Z") });
    await recordVital(db, chart.physician.context, { patientId, loincCode: "8480-6", value: 152, source: "HOME_READING" }, { now: new Date("2026-05-04T10:00:00Z") });
    const systolic = (await getChartSummary(db, chart.physician.context, { patientId })).vitals.find((vital) => vital.loincCode === "8480-6");
    expect(systolic).toMatchObject({ value: 152, unit: "mm[Hg]", flag: "HIGH", abnormal: true, vitalSource: "HOME_READING" });
    const [latest] = await listChartRevisions(db, chart.physician.context, { patientId });
    expect(latest).toMatchObject({ subject: "Vital sign: Systolic blood pressure", action: "added" });
    expect(latest!.changes).toEqual([
      { field: "value", before: 128, after: 152 },
      { field: "measuredAt", before: "2026-05-01T10:00:00.000Z", after: "2026-05-04T10:00:00.000Z" },
      { field: "source", before: null, after: "home reading" },
    ]);
    // Out of what a body can measure: refused, nothing recorded.
    await expect(recordVital(db, chart.physician.context, { patientId, loincCode: "8480-6", value: 900, source: "CLINIC" })).rejects.toBeInstanceOf(ZodError);
    expect(await db.labResult.count({ where: { patientId } })).toBe(2);
  });
});
