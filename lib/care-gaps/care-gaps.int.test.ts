import { afterAll, describe, expect, it } from "vitest";
import { AccessDeniedError } from "@/lib/auth/access";
import { getChartSummary } from "@/lib/chart/summary";
import { createPrismaClient } from "@/lib/db/prisma";
import { getAfterVisitSummaryWithFollowUp } from "@/lib/notes/after-visit-summary";
import { auditRows, createTestVisit, type TestVisit } from "@/lib/visits/testing/visits";
import { decideCareGap, visitCareGapDecisions } from "./decisions";
import { loadCareGapFacts } from "./facts";
import { CareGapError } from "./errors";

// The care-gap rules on the chart as PostgreSQL holds it (problems, the
// newest HbA1c, clinic vitals against home readings from a check-in,
// screenings, pack-years), and the physician's accept or dismiss at a visit:
// authorized, audited, and a refusal stores nothing.

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const NOW = new Date();
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const yearsAgo = (years: number) => new Date(Date.UTC(NOW.getUTCFullYear() - years, NOW.getUTCMonth(), 1));

function vital(patientId: string, loincCode: string, valueNumeric: number, effectiveAt: Date) {
  return { patientId, panel: "Vitals", loincCode, analyte: loincCode, valueNumeric, unit: "mm[Hg]", effectiveAt };
}

/**
 * A woman of 56 with type 2 diabetes (HbA1c 9.4 % ten days ago) and
 * hypertension (132/84 at the clinic a week ago, 150/95 at home yesterday),
 * a mammogram a year ago, 25 pack-years, and no other screening.
 */
async function patientWithGaps(): Promise<TestVisit> {
  const visit = await createTestVisit(db, { checkedIn: false });
  const patientId = visit.patient.patientId;
  await db.patient.update({ where: { id: patientId }, data: { sex: "FEMALE", dateOfBirth: yearsAgo(56), packYears: 25 } });
  await db.problem.createMany({
    data: [
      { patientId, icd10Code: "E11.9", description: "Type 2 diabetes mellitus without complications" },
      { patientId, icd10Code: "I10", description: "Essential (primary) hypertension" },
    ],
  });
  await db.labResult.createMany({
    data: [
      { patientId, panel: "HbA1c", loincCode: "4548-4", analyte: "Hemoglobin A1c", valueNumeric: 9.4, unit: "%", effectiveAt: daysAgo(10), flag: "HIGH" },
      vital(patientId, "8480-6", 132, daysAgo(7)),
      vital(patientId, "8462-4", 84, daysAgo(7)),
    ],
  });
  await db.visitCheckIn.create({
    data: {
      appointmentId: visit.appointmentId,
      patientId,
      intakeAnswers: { homeBloodPressure: { systolic: 150, diastolic: 95 }, symptoms: "tired" },
      intakeCompletedAt: daysAgo(1),
    },
  });
  await db.screeningRecord.create({ data: { patientId, kind: "MAMMOGRAPHY", performedOn: yearsAgo(1) } });
  return visit;
}

function signedNote(visit: TestVisit) {
  return db.visit.create({
    data: {
      appointmentId: visit.appointmentId,
      roomName: `room-${visit.appointmentId}`,
      note: { create: { authorId: visit.physician.userId, status: "SIGNED", signedAt: NOW, signedById: visit.physician.userId, plan: "Screening as discussed." } },
    },
  });
}

const gapIds = async (visit: TestVisit) =>
  (await getChartSummary(db, visit.physician.context, { patientId: visit.patient.patientId }, { now: NOW })).careGaps.map((gap) => gap.ruleId);

const decisionEvents = async (visit: TestVisit) =>
  (await auditRows(db, visit.patient.patientId)).filter((row) => row.action === "careGap.decide").map(({ outcome, reason }) => ({ outcome, reason }));

describe("the rules on the chart", () => {
  it("opens the gaps the chart shows, the home reading counting when it is the newest", async () => {
    const visit = await patientWithGaps();
    expect(await gapIds(visit)).toEqual([
      "cms122-hba1c-poor-control",
      "cms165-blood-pressure",
      "uspstf-colorectal-cancer-screening",
      "uspstf-cervical-cancer-screening",
      "uspstf-lung-cancer-screening",
    ]);
    const summary = await getChartSummary(db, visit.physician.context, { patientId: visit.patient.patientId }, { now: NOW });
    expect(summary.careGaps.find((gap) => gap.ruleId === "cms165-blood-pressure")).toMatchObject({
      source: expect.stringContaining("CMS165"),
      version: "CMS165v13 (2025)",
      reason: expect.stringMatching(/^Latest 150\/95 mmHg at home on /),
    });
  });

  it("closes a gap when a newer result or a screening is recorded", async () => {
    const visit = await patientWithGaps();
    const patientId = visit.patient.patientId;
    await db.labResult.createMany({ data: [vital(patientId, "8480-6", 128, NOW), vital(patientId, "8462-4", 78, NOW)] });
    await db.labResult.create({ data: { patientId, panel: "HbA1c", loincCode: "4548-4", analyte: "Hemoglobin A1c", valueNumeric: 7.8, unit: "%", effectiveAt: NOW } });
    await db.screeningRecord.createMany({
      data: [
        { patientId, kind: "FIT", performedOn: daysAgo(30) },
        { patientId, kind: "HPV_TEST", performedOn: yearsAgo(2) },
        { patientId, kind: "LOW_DOSE_CT", performedOn: daysAgo(60) },
      ],
    });
    expect(await gapIds(visit)).toEqual([]);
  });
});

describe("the facts the rules read", () => {
  it("are the newest of each: HbA1c, screening of each kind, clinic pair and home reading; active problems only", async () => {
    const visit = await patientWithGaps();
    const patientId = visit.patient.patientId;
    await db.problem.create({ data: { patientId, icd10Code: "J45.909", description: "Asthma", status: "RESOLVED" } });
    await db.labResult.createMany({
      data: [
        { patientId, panel: "HbA1c", loincCode: "4548-4", analyte: "Hemoglobin A1c", valueNumeric: 7.1, unit: "%", effectiveAt: daysAgo(400), flag: "HIGH" },
        // A systolic without its diastolic is no reading.
        vital(patientId, "8480-6", 180, daysAgo(2)),
        vital(patientId, "8480-6", 120, daysAgo(30)),
        vital(patientId, "8462-4", 70, daysAgo(30)),
      ],
    });
    await db.screeningRecord.createMany({
      data: [
        { patientId, kind: "MAMMOGRAPHY", performedOn: yearsAgo(4) },
        { patientId, kind: "COLONOSCOPY", performedOn: yearsAgo(3) },
        { patientId, kind: "COLONOSCOPY", performedOn: yearsAgo(12) },
      ],
    });
    const facts = await loadCareGapFacts(db, patientId, NOW);
    expect(facts).toEqual({
      today: NOW.toISOString().slice(0, 10),
      dateOfBirth: yearsAgo(56).toISOString().slice(0, 10),
      sex: "FEMALE",
      packYears: 25,
      problemCodes: expect.arrayContaining(["E11.9", "I10"]),
      latestHbA1c: { value: 9.4, on: daysAgo(10).toISOString().slice(0, 10) },
      clinicBloodPressure: { systolic: 132, diastolic: 84, at: daysAgo(7).toISOString() },
      homeBloodPressure: { systolic: 150, diastolic: 95, at: daysAgo(1).toISOString() },
      screenings: expect.arrayContaining([
        { kind: "MAMMOGRAPHY", performedOn: yearsAgo(1).toISOString().slice(0, 10) },
        { kind: "COLONOSCOPY", performedOn: yearsAgo(3).toISOString().slice(0, 10) },
      ]),
    });
    expect(facts!.problemCodes).toHaveLength(2);
    expect(facts!.screenings).toHaveLength(2);
  });

  it("are none for a patient who does not exist", async () => {
    expect(await loadCareGapFacts(db, "no-such-patient", NOW)).toBeNull();
  });
});

describe("deciding at the visit", () => {
  it("accepts a gap into the visit's plan: recorded with who and when, listed for the visit, audited", async () => {
    const visit = await patientWithGaps();
    const decision = await decideCareGap(db, visit.physician.context, visit.appointmentId, { ruleId: "uspstf-colorectal-cancer-screening", outcome: "ACCEPTED" }, { now: NOW });
    expect(decision).toMatchObject({ ruleId: "uspstf-colorectal-cancer-screening", outcome: "ACCEPTED", reason: null, version: "2021-05", decidedByName: "Lena Fischer" });
    expect(await visitCareGapDecisions(db, visit.physician.context, visit.appointmentId)).toEqual([decision]);
    const stored = await db.careGapDecision.findFirstOrThrow({ where: { appointmentId: visit.appointmentId } });
    expect(stored.decidedById).toBe(visit.physician.userId);
    expect(await decisionEvents(visit)).toEqual([{ outcome: "ALLOWED", reason: "ACCEPTED uspstf-colorectal-cancer-screening (2021-05)" }]);
  });

  it("puts the accepted gaps, not the dismissed ones, in the patient's after-visit summary once the note is signed", async () => {
    const visit = await patientWithGaps();
    await decideCareGap(db, visit.physician.context, visit.appointmentId, { ruleId: "uspstf-lung-cancer-screening", outcome: "DISMISSED", reason: "Quit 20 years ago" }, { now: NOW });
    await decideCareGap(db, visit.physician.context, visit.appointmentId, { ruleId: "uspstf-colorectal-cancer-screening", outcome: "ACCEPTED" }, { now: NOW });
    await signedNote(visit);
    expect((await getAfterVisitSummaryWithFollowUp(db, visit.patient.context, visit.appointmentId))?.recommendations).toEqual(["uspstf-colorectal-cancer-screening"]);
  });

  it("dismisses with the reason recorded", async () => {
    const visit = await patientWithGaps();
    await decideCareGap(db, visit.physician.context, visit.appointmentId, { ruleId: "uspstf-lung-cancer-screening", outcome: "DISMISSED", reason: "  Quit 20 years ago  " }, { now: NOW });
    expect(await db.careGapDecision.findFirstOrThrow({ where: { appointmentId: visit.appointmentId } })).toMatchObject({ outcome: "DISMISSED", reason: "Quit 20 years ago" });
  });

  it("refuses a dismissal without a reason (422), a gap that is not open and a second decision (409), storing nothing and auditing each", async () => {
    const visit = await patientWithGaps();
    const decide = (input: Parameters<typeof decideCareGap>[3]) => decideCareGap(db, visit.physician.context, visit.appointmentId, input, { now: NOW }).catch((error: unknown) => error);

    for (const reason of [undefined, "", "   "]) {
      const refusal = await decide({ ruleId: "uspstf-lung-cancer-screening", outcome: "DISMISSED", reason });
      expect(refusal).toBeInstanceOf(CareGapError);
      expect(refusal).toMatchObject({ status: 422, code: "CARE_GAP_REASON_REQUIRED" });
    }
    expect(await decide({ ruleId: "uspstf-breast-cancer-screening", outcome: "ACCEPTED" })).toMatchObject({ status: 409, code: "CARE_GAP_NOT_OPEN" });
    expect(await db.careGapDecision.count({ where: { patientId: visit.patient.patientId } })).toBe(0);

    await decide({ ruleId: "uspstf-lung-cancer-screening", outcome: "ACCEPTED" });
    expect(await decide({ ruleId: "uspstf-lung-cancer-screening", outcome: "DISMISSED", reason: "Changed my mind" })).toMatchObject({ status: 409, code: "CARE_GAP_ALREADY_DECIDED" });
    expect(await db.careGapDecision.findMany({ where: { patientId: visit.patient.patientId }, select: { outcome: true } })).toEqual([{ outcome: "ACCEPTED" }]);

    const events = await decisionEvents(visit);
    expect(events.filter((event) => event.outcome === "DENIED").map((event) => event.reason)).toEqual([
      ...Array(3).fill("uspstf-lung-cancer-screening: Say why you dismiss this recommendation."),
      "uspstf-breast-cancer-screening: This recommendation does not apply to the patient now.",
      "uspstf-lung-cancer-screening: This recommendation was already decided at this visit.",
    ]);
  });

  it("lets only the visit's own physician decide, and not once the note is signed", async () => {
    const visit = await patientWithGaps();
    const input = { ruleId: "uspstf-lung-cancer-screening", outcome: "ACCEPTED" } as const;
    for (const outsider of [visit.otherPhysician.context, visit.patient.context, visit.scheduler, visit.visitLink]) {
      await expect(decideCareGap(db, outsider, visit.appointmentId, input, { now: NOW })).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(visitCareGapDecisions(db, outsider, visit.appointmentId)).rejects.toBeInstanceOf(AccessDeniedError);
    }
    await signedNote(visit);
    await expect(decideCareGap(db, visit.physician.context, visit.appointmentId, input, { now: NOW })).rejects.toMatchObject({ status: 409, code: "CARE_GAP_VISIT_CLOSED" });
    expect(await db.careGapDecision.count({ where: { patientId: visit.patient.patientId } })).toBe(0);
  });
});
