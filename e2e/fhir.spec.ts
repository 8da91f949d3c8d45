import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { entriesOfBundle } from "../lib/fhir/import/input";
import { importRecords } from "../lib/fhir/import/importer";
import { expectNoAxeViolations } from "./support/axe";
import { E2E_BASE_URL } from "./support/base-url";
import { connectToE2eDatabase } from "./support/server-state";
import { signedInPage } from "./support/video-call";
import { bookFutureVisit } from "./support/visit-now";

// Interoperability as people meet it: a patient downloads their record, an
// administrator registers and revokes an integration, and a physician finds
// a cardiologist's outside note and results in the chart, marked with their source.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());
test.setTimeout(120_000);

test("a patient downloads their whole record as a FHIR file", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await page.goto("/patient");
  const link = page.getByRole("link", { name: "Download my record" });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("health-record-MRN-000001.json");
  const bundle = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
  const types = new Set(bundle.entry.map((entry: { resource: { resourceType: string } }) => entry.resource.resourceType));
  for (const type of ["Patient", "Condition", "Observation", "DocumentReference", "Appointment"]) expect(types, type).toContain(type);
  await context.close();
});

test("an administrator registers an integration with its public key, then revokes it", async ({ browser }) => {
  const { context, page } = await signedInPage(browser, "admin@demo.clinic");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Integrations" }).first().click();
  await expect(page.getByRole("heading", { name: "Integrations", level: 1 })).toBeVisible();
  const name = `Regional registry ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Public JWK set").fill('{"keys":[{"kty":"EC","d":"private"}]}');
  await page.getByRole("checkbox", { name: "system/Patient.read" }).check();
  await page.getByRole("button", { name: "Register client" }).click();
  await expect(page.getByText("private part")).toBeVisible();
  expect(await db.integrationClient.count({ where: { name } })).toBe(0);

  await page.getByLabel("Public JWK set").fill(
    JSON.stringify({ keys: [{ kty: "EC", crv: "P-384", alg: "ES384", x: "PgJEfDA564CVYbCEU1eT2VCkfL6kF4IkzoP_Ym2BpAbkES2sGd6C5tzKi1-e45ck", y: "3vneJBW-rTwHmJuKo-ll_rlAIxo8Eoa_csC46ziqsBM7G-Y_f2F2P7orubSt3qw9" }] }),
  );
  await page.getByRole("checkbox", { name: "system/Patient.read" }).check();
  await page.getByRole("button", { name: "Register client" }).click();
  await expect(page.getByRole("status").or(page.getByRole("alert")).filter({ hasText: `Registered ${name}` })).toBeVisible();
  const row = page.getByRole("listitem").filter({ hasText: name });
  await expect(row).toContainText("system/Patient.read");
  await expectNoAxeViolations(page);

  page.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("listitem").filter({ hasText: name })).toContainText("Revoked");
  expect((await db.integrationClient.findFirstOrThrow({ where: { name } })).revokedAt).not.toBeNull();
  await context.close();
});

async function openTab(page: Page, tab: "Summary" | "Labs" | "History") {
  const panel = page.getByRole("complementary", { name: "Patient chart" });
  await panel.getByRole("tab", { name: tab }).click();
  return panel;
}

test("a physician sees a cardiologist's outside note and results in the chart, marked with their source", async ({ browser }) => {
  // The outside clinic's records of Alex Morgan, matched by her MRN in this clinic's system.
  const fixture = readFileSync(path.join(process.cwd(), "lib/fhir/import/fixtures/synthea-style-transaction.json"), "utf8");
  const bundle = JSON.parse(fixture);
  bundle.entry[0].resource.identifier.push({ system: `${E2E_BASE_URL}/fhir/sid/mrn`, value: "MRN-000001" });
  await importRecords(db, entriesOfBundle(bundle), { source: "e2e cardiology referral" });

  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: outside records" });
  const { context, page } = await signedInPage(browser, PHYSICIAN_EMAIL);
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  const summary = await openTab(page, "Summary");
  const problem = summary.getByRole("listitem").filter({ hasText: "Atrial fibrillation" });
  await expect(problem).toContainText("SNOMED CT 49436004");
  await expect(problem).toContainText("Outside record from Riverside Cardiology Associates");
  await expect(summary.getByRole("listitem").filter({ hasText: "Codeine" })).toContainText("Outside record from Riverside Cardiology Associates");

  const history = await openTab(page, "History");
  const note = history.getByRole("button", { name: /Outside note: Consult note/ });
  await note.click();
  await expect(history.getByText("48-hour Holter monitor")).toBeVisible();
  await expectNoAxeViolations(page);
  await context.close();
});
