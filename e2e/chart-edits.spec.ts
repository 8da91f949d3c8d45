import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs } from "./support/sign-in";

// Editing the chart as the treating physician, without a call: add an
// allergy (a duplicate refused with the server's message), add a problem
// found by its words and resolve it, record a home blood pressure, and read
// each change in History with who, when and before → after. What the spec
// adds to Alex's chart is removed afterwards, so the specs after it find the
// seeded chart.

const TREATING_EMAIL = "maya.lee@demo.clinic";

let db: Database;
let alex: { id: string };
let seededAllergy: string;
/** Changes earlier tests made to Alex's chart: the database keeps every revision, so History already lists them. */
let earlierChanges: number;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
  alex = await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { id: true } });
  ({ substance: seededAllergy } = await db.allergy.findFirstOrThrow({ where: { patientId: alex.id, importedResourceId: null, resolvedAt: null }, select: { substance: true } }));
  earlierChanges = await db.chartRevision.count({ where: { patientId: alex.id } });
});
test.afterAll(async () => {
  await db.allergy.deleteMany({ where: { patientId: alex.id, substance: "Latex" } });
  await db.problem.deleteMany({ where: { patientId: alex.id, icd10Code: "G43.909" } });
  await db.labResult.deleteMany({ where: { patientId: alex.id, vitalSource: { not: null } } });
  await db.$disconnect();
});

test.setTimeout(60_000);

test("the treating physician edits Alex's chart and reads every change in History; a duplicate allergy is refused", async ({ page }) => {
  await signInAs(page, TREATING_EMAIL);
  await page.goto(`/physician/patients/${alex.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alex Morgan's chart");

  // An allergy already on the chart, typed again in other letters: refused, nothing added.
  const allergyForm = page.getByRole("form", { name: "Add an allergy" });
  await allergyForm.getByLabel("Substance").fill(seededAllergy.toUpperCase());
  await allergyForm.getByLabel("Reaction").fill("Rash");
  await allergyForm.getByRole("button", { name: "Add allergy" }).click();
  await expect(allergyForm.getByRole("alert")).toHaveText(`An allergy to ${seededAllergy.toUpperCase()} is already on the chart. Update that one instead.`);

  await allergyForm.getByLabel("Substance").fill("Latex");
  await allergyForm.getByLabel("Severity").selectOption({ label: "Severe" });
  await allergyForm.getByRole("button", { name: "Add allergy" }).click();
  const allergies = page.getByRole("region", { name: "Allergies" });
  await expect(allergies.getByText("Latex", { exact: true })).toBeVisible();
  await expect(allergyForm.getByLabel("Substance")).toHaveValue("");

  // A problem found by its words, added, then resolved.
  await page.getByLabel("Diagnosis or ICD-10-CM code").fill("migraine");
  await page.getByRole("button", { name: "Find diagnosis" }).click();
  await page.getByRole("button", { name: "Add Migraine, unspecified, not intractable, without status migrainosus" }).click();
  const problems = page.getByRole("region", { name: "Active problems" });
  const migraine = problems.getByRole("listitem").filter({ hasText: "Migraine, unspecified, not intractable, without status migrainosus (ICD-10" });
  await expect(migraine).toBeVisible();
  await migraine.getByRole("button", { name: "Resolve Migraine, unspecified, not intractable, without status migrainosus" }).click();
  await expect(migraine).toHaveCount(0);

  // The blood pressure the patient measured at home.
  const vitalForm = page.getByRole("form", { name: "Record a vital sign" });
  await vitalForm.getByLabel("Vital sign").selectOption({ label: "Systolic blood pressure (mmHg)" });
  await vitalForm.getByLabel("Value").fill("152");
  await vitalForm.getByLabel("Measured").selectOption({ label: "Home reading" });
  await vitalForm.getByRole("button", { name: "Record vital sign" }).click();
  const vitals = page.getByRole("region", { name: "Latest vitals" });
  await expect(vitals.getByText(/^152 mm\[Hg\] \(▲ High\)$/)).toBeVisible();
  await expect(vitals.getByText(/\(home reading\)$/)).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("tab", { name: "History" }).click();
  const changes = page.getByRole("region", { name: "Chart changes" }).getByRole("listitem");
  // Four changes, newest first, and nothing recorded for the refused duplicate.
  await expect(changes).toHaveCount(earlierChanges + 4);
  await expect(changes.nth(0)).toContainText("Vital sign: Systolic blood pressure added by Maya Lee");
  await expect(changes.nth(0)).toContainText(/Valuewas \d+ →, now 152Measuredwas [A-Z][a-z]{2} \d+, \d{4}, .+ →, now [A-Z][a-z]{2} \d+, \d{4}/);
  await expect(changes.nth(0)).toContainText("Sourcehome reading");
  await expect(changes.nth(1)).toContainText("Problem: Migraine, unspecified, not intractable, without status migrainosus (G43.909) resolved by Maya Lee");
  await expect(changes.nth(1)).toContainText("Statuswas ACTIVE →, now RESOLVED");
  await expect(changes.nth(2)).toContainText("Problem: Migraine");
  await expect(changes.nth(3)).toContainText("Allergy: Latex added by Maya Lee");
  await expect(changes.nth(3)).toContainText("SeveritySEVERE");
  await expectNoAxeViolations(page);
});
