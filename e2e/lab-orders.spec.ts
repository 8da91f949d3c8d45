import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { entriesOfBundle } from "../lib/fhir/import/input";
import { importRecords } from "../lib/fhir/import/importer";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, openChartTab } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signedInPage } from "./support/video-call";
import { bookFutureVisit } from "./support/visit-now";

// A lab order from the visit's chart to the patient's portal: the physician
// orders a panel, the lab's result comes in through the FHIR import naming the
// order, the physician's inbox lists it first (critical), the physician signs
// it off and notifies the patient, who then reads it with its reference range.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test.setTimeout(60_000);

/** The lab's transaction: a critically high potassium and a high glucose, for the patient, answering the order. */
function labResults(patientId: string, orderId: string) {
  const observation = (index: number, [loinc, analyte]: [string, string], value: number, unit: string, interpretation: string, low: number, high: number) => ({
    fullUrl: `urn:uuid:${orderId.replace(/[^a-z0-9]/gi, "").slice(0, 8).padEnd(8, "0")}-0000-4000-8000-00000000000${index}`,
    request: { method: "POST", url: "Observation" },
    resource: {
      resourceType: "Observation",
      status: "final",
      category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" }] }],
      code: { coding: [{ system: "http://loinc.org", code: loinc }], text: analyte },
      subject: { reference: `Patient/${patientId}` },
      basedOn: [{ reference: `ServiceRequest/${orderId}` }],
      effectiveDateTime: new Date().toISOString(),
      valueQuantity: { value, unit, system: "http://unitsofmeasure.org", code: unit },
      referenceRange: [{ low: { value: low }, high: { value: high } }],
      interpretation: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", code: interpretation }] }],
    },
  });
  return {
    resourceType: "Bundle",
    type: "transaction",
    entry: [observation(1, ["2823-3", "Potassium"], 6.9, "mmol/L", "HH", 3.5, 5.1), observation(2, ["2345-7", "Glucose"], 112, "mg/dL", "H", 70, 99)],
  };
}

test("a panel ordered at the visit gets its imported result, which the inbox lists first, the physician signs off, and the patient reads with its range", async ({ browser }) => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: lab order" });
  const physician = await signedInPage(browser, PHYSICIAN_EMAIL);
  const page = physician.page;
  await page.goto(`/physician/visits/${visit.appointmentId}`);
  await openChartTab(page, "Labs");
  const chart = chartPanel(page);
  const form = chart.getByRole("form", { name: "Order a lab panel" });
  // Nothing chosen: the form says what is missing and orders nothing.
  await form.getByRole("button", { name: "Order panel" }).click();
  await expect(form.getByRole("alert")).toHaveText("Choose a panel and an indication.");
  await form.getByLabel("Lab panel").selectOption({ label: "BMP (LOINC 51990-0)" });
  await form.getByLabel("Indication (ICD-10)").selectOption({ label: "E11.9 Type 2 diabetes mellitus without complications" });
  await form.getByRole("button", { name: "Order panel" }).click();
  await expect(form.getByRole("status")).toHaveText("Ordered BMP; it is pending.");
  const pending = chart.getByRole("listitem").filter({ hasText: "For E11.9 Type 2 diabetes mellitus without complications" }).first();
  await expect(pending).toContainText("BMP");
  await expect(pending).toContainText("Pending");
  await expectNoAxeViolations(page);

  const { patientId } = await db.appointment.findUniqueOrThrow({ where: { id: visit.appointmentId }, select: { patientId: true } });
  const order = await db.labOrder.findFirstOrThrow({ where: { visit: { appointmentId: visit.appointmentId } }, select: { id: true } });
  await importRecords(db, entriesOfBundle(labResults(patientId, order.id)), { source: "e2e lab interface" });

  await page.getByRole("link", { name: "Results and tasks" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Results and tasks");
  const newResults = page.getByRole("region", { name: /New results/ });
  const first = newResults.getByRole("listitem").first();
  await expect(first).toHaveAccessibleName(`BMP for ${visit.patientName}`);
  await expect(first).toContainText("Critical results");
  await expect(first.getByRole("row", { name: /Potassium/ })).toContainText("Critically high");
  await expectNoAxeViolations(page);
  await expect(first.getByLabel("Notify the patient")).toBeChecked();
  await first.getByRole("button", { name: "Sign off" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Signed off" })).toHaveText(`Signed off BMP for ${visit.patientName}; the patient is notified.`);
  await page.reload();
  await expect(page.getByRole("listitem", { name: `BMP for ${visit.patientName}` })).toHaveCount(0);
  await physician.context.close();

  const patient = await signedInPage(browser, DEMO_PATIENT_EMAIL);
  await patient.page.goto("/patient");
  const results = patient.page.getByRole("region", { name: "Your results" });
  const potassium = results.getByRole("row", { name: /Potassium/ }).first();
  await expect(potassium).toContainText("6.9 mmol/L");
  await expect(potassium).toContainText("3.5–5.1");
  await expect(potassium).toContainText("Critically high");
  await expect(results).toContainText("BMP, reviewed by Maya Lee");
  await expectNoAxeViolations(patient.page);
  await patient.context.close();
});
