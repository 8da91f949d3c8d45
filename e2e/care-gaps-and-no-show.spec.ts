import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, showNote } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signedInPage } from "./support/video-call";
import { bookVisitStartingNow } from "./support/visit-now";

// Care-gap recommendations at a visit, before the call starts: the physician
// reads each open gap with its source and version in the chart summary,
// cannot dismiss one without a reason, dismisses one with a reason, accepts
// another into the plan and finds it in the note's plan (the after-visit
// summary's list is proven in lib/care-gaps and the PDF's tests). Alex, the demo
// patient, is 47 with no screening on record, so colorectal and cervical
// screening are open (lib/db/seed/patients.ts). And the scheduler's calendar
// shows a booked visit's no-show risk with the factors that raised it.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";
const SCHEDULER_EMAIL = "scheduler@demo.clinic";
const DAY_MS = 86_400_000;
const COLORECTAL = "Colorectal cancer screening due";
const CERVICAL = "Cervical cancer screening due";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test("the physician dismisses one care gap with a reason and accepts another into the plan, which the note lists", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: care gaps" });
  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);
  const page = physician.page;
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  const recommendations = chartPanel(page).getByRole("region", { name: "Recommendations", exact: true });
  const colorectal = recommendations.getByRole("listitem").filter({ hasText: COLORECTAL });
  await expect(colorectal).toContainText("No colorectal screening on record.");
  await expect(colorectal).toContainText("Source: USPSTF Colorectal Cancer: Screening, grades A/B: adults 45–75 (colonoscopy every 10 years or FIT every year) (version 2021-05)");

  // A dismissal without a reason is refused, and says so beside the field.
  await recommendations.getByRole("button", { name: `Dismiss: ${CERVICAL}` }).click();
  await recommendations.getByRole("button", { name: "Dismiss with this reason" }).click();
  await expect(recommendations.getByRole("alert")).toHaveText("Say why you dismiss this recommendation.");
  await recommendations.getByLabel(`Why dismiss “${CERVICAL}”?`).fill("Hysterectomy for benign disease, 2019");
  await recommendations.getByRole("button", { name: "Dismiss with this reason" }).click();
  await expect(recommendations.getByRole("listitem").filter({ hasText: CERVICAL })).toContainText("Dismissed at this visit: Hysterectomy for benign disease, 2019");

  await colorectal.getByRole("button", { name: `Accept into the plan: ${COLORECTAL}` }).click();
  await expect(colorectal).toContainText("Accepted into this visit's plan.");
  await expectNoAxeViolations(page);

  await showNote(page);
  const plan = chartPanel(page).getByRole("region", { name: "Plan: accepted recommendations" });
  await expect(plan.getByRole("listitem")).toHaveText([/^Colorectal cancer screening due \(USPSTF Colorectal Cancer/]);
  expect(await db.careGapDecision.findMany({ where: { appointmentId: visit.appointmentId }, select: { ruleId: true, outcome: true, reason: true }, orderBy: { decidedAt: "asc" } })).toEqual([
    { ruleId: "uspstf-cervical-cancer-screening", outcome: "DISMISSED", reason: "Hysterectomy for benign disease, 2019" },
    { ruleId: "uspstf-colorectal-cancer-screening", outcome: "ACCEPTED", reason: null },
  ]);
  await physician.context.close();
});

test("the scheduler's calendar shows a visit booked five weeks ahead by a patient who missed one as high no-show risk, saying why", async ({ browser }) => {
  const visit = await bookVisitStartingNow(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: no-show risk" });
  const booked = await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId }, select: { startsAt: true, physicianId: true, visitTypeId: true, bookedById: true } });
  await db.appointment.update({ where: { id: visit.appointmentId }, data: { createdAt: new Date(booked.startsAt.getTime() - 35 * DAY_MS) } });
  const missedAt = new Date(booked.startsAt.getTime() - 30 * DAY_MS);
  await db.appointment.create({
    data: { ...booked, patientId: visit.patientId, startsAt: missedAt, endsAt: new Date(missedAt.getTime() + 30 * 60_000), status: "NO_SHOW", reason: "Video visit: missed" },
  });

  const scheduler = await signedInPage(browser, SCHEDULER_EMAIL);
  const page = scheduler.page;
  await expect(page).toHaveURL("/scheduler");
  const entry = page.getByRole("button", { name: /Alex Morgan/ }).filter({ hasText: "booked 35 days ahead" });
  await expect(entry).toContainText(/No-show risk: high \((a|\d+) no-shows? in the last 12 months; booked 35 days ahead \(over 4 weeks\)\)/);
  await expectNoAxeViolations(page);
  await scheduler.context.close();
});
