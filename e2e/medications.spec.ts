import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { chartPanel, openChartTab } from "./support/note-editor";
import { connectToE2eDatabase } from "./support/server-state";
import { signedInPage } from "./support/video-call";
import { bookFutureVisit } from "./support/visit-now";

// Medications at a visit, in the chart beside it (no call needed): the
// physician reconciles the patient's list, then prescribes a drug that
// interacts with one on it (clarithromycin with simvastatin, an ONC
// high-priority pair), cannot go ahead without a reason, and goes ahead with one.

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";
const CLARITHROMYCIN = "clarithromycin 500 MG Oral Tablet";
const REASON = "Simvastatin held for the 7-day course";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

test.setTimeout(60_000);

test("the physician reconciles the medication list, then prescribes past an interaction only with a reason, which the prescription keeps", async ({ browser }) => {
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail: PHYSICIAN_EMAIL, reason: "Video visit: medication review" });
  const simvastatin = await db.medication.create({
    data: {
      patientId: visit.patientId,
      rxnormCode: "312961",
      name: "simvastatin 20 MG Oral Tablet",
      dose: "20 mg",
      route: "oral",
      frequency: "every evening",
      startedOn: new Date("2025-01-15"),
    },
  });
  const { context, page } = await signedInPage(browser, PHYSICIAN_EMAIL);
  try {
    await page.goto(`/physician/visits/${visit.appointmentId}`);
    await openChartTab(page, "Prescriptions");
    const panel = chartPanel(page);

    // Reconcile: every medication taking, simvastatin taken differently, which needs a reason.
    const reconcile = panel.getByRole("form", { name: "Reconcile medications" });
    const simvastatinGroup = reconcile.getByRole("group", { name: "simvastatin 20 MG Oral Tablet 20 mg" });
    await expect(simvastatinGroup).toBeVisible();
    for (const medication of await reconcile.getByRole("group").all()) await medication.getByRole("radio", { name: "Taking", exact: true }).check();
    await simvastatinGroup.getByRole("radio", { name: "Taking differently" }).check();
    await reconcile.getByRole("button", { name: "Record reconciliation" }).click();
    await expect(reconcile.getByRole("alert")).toHaveText("Give the reason for simvastatin 20 MG Oral Tablet.");
    await reconcile.getByLabel("Reason for simvastatin 20 MG Oral Tablet").fill("Takes it every other evening");
    await reconcile.getByRole("button", { name: "Record reconciliation" }).click();
    // The record shows in the Prescriptions tab (and, once the note refreshes, under the note too: asked of the tab alone).
    const prescriptionsTab = panel.getByRole("tabpanel", { name: "Prescriptions" });
    await expect(prescriptionsTab.getByText(/^Medications reconciled at .+ by (Dr\. )?Maya Lee$/)).toBeVisible();
    await expect(prescriptionsTab.getByRole("listitem").filter({ hasText: "simvastatin 20 MG Oral Tablet 20 mg: Taking differently (reason: Takes it every other evening)" })).toBeVisible();
    const recorded = await db.medicationReconciliation.findFirstOrThrow({ where: { visit: { appointmentId: visit.appointmentId } }, include: { items: true } });
    expect(recorded.items.find((item) => item.medicationId === simvastatin.id)).toMatchObject({ status: "TAKING_DIFFERENTLY", reason: "Takes it every other evening" });

    // Prescribe clarithromycin: the interaction with simvastatin is raised.
    const form = panel.getByRole("form", { name: "New prescription" });
    await form.getByRole("combobox", { name: "Drug" }).fill("clarithromycin");
    await form.getByRole("option", { name: new RegExp(CLARITHROMYCIN) }).click();
    await form.getByLabel("Dose").fill("500 mg");
    await form.getByLabel("Frequency").selectOption("twice daily");
    await form.getByLabel("Quantity").fill("14");
    await form.getByRole("button", { name: "Prescribe" }).click();
    await expect(form.getByRole("heading", { name: "Review this warning before prescribing" })).toBeFocused();
    const interaction = form.getByRole("checkbox", { name: /^I have reviewed: Interaction: the patient takes simvastatin 20 MG Oral Tablet; clarithromycin with simvastatin/ });
    await expect(form.getByText("Source: ONC high-priority DDI list (Phansalkar S et al., J Am Med Inform Assoc 2012;19:735-743), Table 2")).toBeVisible();
    await interaction.check();
    // Ticked but no reason: the form will not go ahead, and neither will the server.
    await expect(form.getByRole("button", { name: "Prescribe anyway" })).toBeDisabled();
    const bypass = await page.request.post(`/api/patients/${visit.patientId}/prescriptions`, {
      data: {
        appointmentId: visit.appointmentId,
        rxnormCode: "197517",
        dose: "500 mg",
        route: "oral",
        frequency: "twice daily",
        quantity: 14,
        refills: 0,
        acknowledgedWarnings: [`interaction:statins-cyp3a4-inhibitors:medication:${simvastatin.id}`],
      },
    });
    expect(bypass.status()).toBe(422);
    expect(await bypass.json()).toMatchObject({ code: "ACKNOWLEDGEMENT_REASON_REQUIRED" });
    expect(await db.prescription.count({ where: { patientId: visit.patientId, rxnormCode: "197517" } })).toBe(0);

    await form.getByLabel("Reason for prescribing despite this interaction").fill(REASON);
    await form.getByRole("button", { name: "Prescribe anyway" }).click();
    await expect(form.getByRole("status").filter({ hasText: `Prescribed ${CLARITHROMYCIN}` })).toBeVisible();
    const written = panel.getByRole("listitem").filter({ hasText: CLARITHROMYCIN }).filter({ hasText: "Prescribed despite a warning" });
    await expect(written).toContainText("Interaction: the patient takes simvastatin 20 MG Oral Tablet");
    await expect(written).toContainText(`Reason: ${REASON}`);
    await expectNoAxeViolations(page);
  } finally {
    await context.close();
    // Leave the demo patient's list as other specs expect it.
    const prescriptions = await db.prescription.findMany({ where: { visit: { appointmentId: visit.appointmentId } }, select: { id: true } });
    await db.medicationReconciliation.deleteMany({ where: { visit: { appointmentId: visit.appointmentId } } });
    await db.medication.deleteMany({ where: { OR: [{ id: simvastatin.id }, { prescriptionId: { in: prescriptions.map(({ id }) => id) } }] } });
    await db.prescription.deleteMany({ where: { id: { in: prescriptions.map(({ id }) => id) } } });
  }
});
