import { afterAll, describe, expect, it } from "vitest";
import { AccessDeniedError, ResourceNotFoundError } from "@/lib/auth/access";
import { auditRowsOf, createChartFixture, daysAgo } from "@/lib/chart/testing/chart-fixtures";
import { createPrismaClient } from "@/lib/db/prisma";
import { entriesOfBundle } from "@/lib/fhir/import/input";
import { importRecords } from "@/lib/fhir/import/importer";
import { OrderConflictError, OrderValidationError } from "./errors";
import { notifiedResultsOf, physicianInbox, signOffResults } from "./inbox";
import { createLabOrder, enterLabResults, listLabOrders } from "./orders";

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const BMP = "51990-0";
const POTASSIUM = "2823-3";
const GLUCOSE = "2345-7";

async function orderedBmp() {
  const chart = await createChartFixture(db);
  const visit = await chart.addAppointment({ at: daysAgo(1) });
  const order = await createLabOrder(db, chart.physician.context, {
    patientId: chart.patient.patientId,
    appointmentId: visit.appointmentId,
    panelLoinc: BMP,
    indicationCode: "e11.9",
  });
  return { ...chart, visit, order };
}

const ordersOf = (patientId: string) => db.labOrder.findMany({ where: { patientId }, include: { results: true } });

/** A lab's transaction: one Observation per [LOINC, value, unit, interpretation], for the patient, naming the order when `orderId` is given. */
function labBundle(patientId: string, tag: string, values: ReadonlyArray<[string, number, string, string]>, orderId?: string) {
  return {
    resourceType: "Bundle",
    type: "transaction",
    entry: values.map(([loinc, value, unit, interpretation], index) => ({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-${tag}${String(index).padStart(12 - tag.length, "0")}`,
      request: { method: "POST", url: "Observation" },
      resource: {
        resourceType: "Observation",
        status: "final",
        category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" }] }],
        code: { coding: [{ system: "http://loinc.org", code: loinc }] },
        subject: { reference: `Patient/${patientId}` },
        ...(orderId ? { basedOn: [{ reference: `ServiceRequest/${orderId}` }] } : {}),
        effectiveDateTime: "2026-12-01T09:00:00Z",
        valueQuantity: { value, unit, system: "http://unitsofmeasure.org", code: unit },
        interpretation: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", code: interpretation }] }],
      },
    })),
  };
}

describe("ordering a lab panel", () => {
  it("records the panel and the indication's title at the visit, pending, in the chart", async () => {
    const chart = await orderedBmp();
    expect(chart.order).toMatchObject({ panelLoinc: BMP, panelName: "BMP", indicationCode: "E11.9", indicationText: "Type 2 diabetes mellitus without complications", status: "PENDING" });
    const [stored] = await ordersOf(chart.patient.patientId);
    expect(stored!.visitId).toBe(chart.visit.visitId);
    expect((await listLabOrders(db, chart.patient.context, { patientId: chart.patient.patientId })).map((order) => order.status)).toEqual(["PENDING"]);
  });

  it("refuses a panel or an indication the clinic does not have, changing nothing and auditing the refusal", async () => {
    const chart = await createChartFixture(db);
    const patientId = chart.patient.patientId;
    await chart.addAppointment({ at: daysAgo(2) });
    for (const [input, code] of [
      [{ panelLoinc: "99999-9", indicationCode: "E11.9" }, "UNKNOWN_PANEL"],
      [{ panelLoinc: BMP, indicationCode: "Z99.89" }, "UNKNOWN_INDICATION"],
    ] as const) {
      const refusal = await createLabOrder(db, chart.physician.context, { patientId, ...input }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(OrderValidationError);
      expect((refusal as OrderValidationError).body()).toMatchObject({ code });
    }
    expect(await ordersOf(patientId)).toHaveLength(0);
    const refusals = (await auditRowsOf(db, patientId)).filter((row) => row.action === "lab.order" && row.outcome === "DENIED");
    expect(refusals.map((row) => row.reason?.split(":")[0])).toEqual(["UNKNOWN_PANEL", "UNKNOWN_INDICATION"]);
  });

  it("is refused to a physician outside the care relationship, to the patient and to staff", async () => {
    const chart = await createChartFixture(db);
    await chart.addAppointment({ at: daysAgo(2) });
    for (const context of [chart.otherPhysician.context, chart.patient.context, chart.scheduler, chart.admin]) {
      await expect(createLabOrder(db, context, { patientId: chart.patient.patientId, panelLoinc: BMP, indicationCode: "E11.9" })).rejects.toBeInstanceOf(AccessDeniedError);
    }
    expect(await ordersOf(chart.patient.patientId)).toHaveLength(0);
  });
});

describe("results", () => {
  it("from the FHIR import attach to the order they name, or to the patient's open order of that panel, and reach the inbox critical first", async () => {
    const chart = await createChartFixture(db);
    const patientId = chart.patient.patientId;
    await chart.addAppointment({ at: daysAgo(1) });
    // Ordered first, and its result comes in first: only its flag puts it after the other.
    const byPanel = await createLabOrder(db, chart.physician.context, { patientId, panelLoinc: "58410-2", indicationCode: "D64.9" });
    const named = { ...chart, order: await createLabOrder(db, chart.physician.context, { patientId, panelLoinc: BMP, indicationCode: "E11.9" }) };
    const tag = named.order.id.slice(-6).toLowerCase().replace(/[^0-9a-f]/g, "a");
    await importRecords(db, entriesOfBundle(labBundle(patientId, `b${tag}`, [["718-7", 13.1, "g/dL", "N"]])), { source: "orders test" });
    await importRecords(db, entriesOfBundle(labBundle(patientId, `a${tag}`, [[POTASSIUM, 6.8, "mmol/L", "HH"]], named.order.id)), { source: "orders test" });

    const orders = await ordersOf(patientId);
    const bmp = orders.find((order) => order.id === named.order.id)!;
    expect(bmp.status).toBe("RESULTED");
    expect(bmp.results.map((result) => [result.loincCode, result.valueNumeric, result.flag])).toEqual([[POTASSIUM, 6.8, "CRITICAL_HIGH"]]);
    expect(orders.find((order) => order.id === byPanel.id)!.results.map((result) => result.loincCode)).toEqual(["718-7"]);

    const inbox = await physicianInbox(db, named.physician.context);
    expect(inbox.results.map((result) => [result.panelName, result.severity])).toEqual([
      ["BMP", "critical"],
      ["CBC", "normal"],
    ]);
  });

  it("from the import never attach to another patient's order", async () => {
    const chart = await orderedBmp();
    const tag = chart.order.id.slice(-6).toLowerCase().replace(/[^0-9a-f]/g, "a");
    await chart.addAppointment({ at: daysAgo(3), patientId: chart.otherPatient.patientId });
    await importRecords(db, entriesOfBundle(labBundle(chart.otherPatient.patientId, `c${tag}`, [[POTASSIUM, 4.2, "mmol/L", "N"]], chart.order.id)), { source: "orders test" });
    expect((await ordersOf(chart.patient.patientId))[0]!.results).toHaveLength(0);
  });

  it("entered by hand are flagged against the range for the patient's sex and the critical limits", async () => {
    const chart = await orderedBmp();
    const entered = await enterLabResults(db, chart.physician.context, {
      orderId: chart.order.id,
      patientId: chart.patient.patientId,
      results: [
        { loincCode: GLUCOSE, value: 45 },
        { loincCode: POTASSIUM, value: 5.4 },
        { loincCode: "2951-2", value: 140 },
      ],
    });
    expect(entered.status).toBe("RESULTED");
    expect(entered.results.map((result) => [result.loincCode, result.flag, result.referenceLow, result.referenceHigh]).sort()).toEqual([
      [GLUCOSE, "CRITICAL_LOW", 70, 99],
      [POTASSIUM, "HIGH", 3.5, 5.1],
      ["2951-2", "NORMAL", 136, 145],
    ].sort());
  });

  it("entered by hand for another patient's order, or for an analyte the panel lacks, are refused and change nothing", async () => {
    const chart = await orderedBmp();
    const attempts = [
      { patientId: chart.otherPatient.patientId, results: [{ loincCode: GLUCOSE, value: 90 }], code: "PATIENT_MISMATCH" },
      { patientId: chart.patient.patientId, results: [{ loincCode: "718-7", value: 13 }], code: "UNKNOWN_ANALYTE" },
    ];
    for (const { code, ...input } of attempts) {
      const refusal = await enterLabResults(db, chart.physician.context, { orderId: chart.order.id, ...input }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(OrderValidationError);
      expect((refusal as OrderValidationError).body()).toMatchObject({ code });
    }
    const [order] = await ordersOf(chart.patient.patientId);
    expect(order).toMatchObject({ status: "PENDING", results: [] });
    const refusals = (await auditRowsOf(db, chart.patient.patientId)).filter((row) => row.action === "lab.order" && row.outcome === "DENIED");
    expect(refusals.map((row) => row.reason?.split(":")[0])).toEqual(["PATIENT_MISMATCH", "UNKNOWN_ANALYTE"]);
    await expect(enterLabResults(db, chart.physician.context, { orderId: "no-such-order", patientId: chart.patient.patientId, results: [{ loincCode: GLUCOSE, value: 1 }] })).rejects.toBeInstanceOf(ResourceNotFoundError);
  });
});

describe("the inbox", () => {
  it("lists unsigned notes and orders pending longer than 14 days", async () => {
    const chart = await createChartFixture(db);
    const visit = await chart.addAppointment({ at: daysAgo(20) });
    await db.consultationNote.create({ data: { visitId: visit.visitId!, authorId: chart.physician.userId } });
    const old = await createLabOrder(db, chart.physician.context, { patientId: chart.patient.patientId, panelLoinc: "3016-3", indicationCode: "E03.9" }, { now: daysAgo(15) });
    await createLabOrder(db, chart.physician.context, { patientId: chart.patient.patientId, panelLoinc: "4548-4", indicationCode: "R73.03" }, { now: daysAgo(13) });
    const inbox = await physicianInbox(db, chart.physician.context);
    expect(inbox.unsignedNotes.map((note) => note.appointmentId)).toEqual([visit.appointmentId]);
    expect(inbox.overdueOrders.map((order) => order.id)).toEqual([old.id]);
    // The patient shown is audited once, however many of their items are listed.
    const shown = (await auditRowsOf(db, chart.patient.patientId)).filter((row) => row.action === "inbox.read");
    expect(shown).toEqual([expect.objectContaining({ actorId: chart.physician.userId, outcome: "ALLOWED", resourceId: chart.patient.patientId })]);
    await expect(physicianInbox(db, chart.scheduler)).rejects.toBeInstanceOf(AccessDeniedError);
  });

  it("signs results off (audited) and, when asked, notifies the patient, whose portal then shows them", async () => {
    const chart = await orderedBmp();
    const patientId = chart.patient.patientId;
    await enterLabResults(db, chart.physician.context, { orderId: chart.order.id, patientId, results: [{ loincCode: GLUCOSE, value: 130 }] });
    expect(await notifiedResultsOf(db, chart.patient.context, { patientId })).toEqual([]);

    await expect(signOffResults(db, chart.otherPhysician.context, { orderId: chart.order.id, notifyPatient: true })).rejects.toBeInstanceOf(AccessDeniedError);
    expect((await ordersOf(patientId))[0]!.status).toBe("RESULTED");

    const now = new Date("2026-12-02T10:00:00Z");
    const signed = await signOffResults(db, chart.physician.context, { orderId: chart.order.id, notifyPatient: true }, { now });
    expect(signed).toMatchObject({ status: "REVIEWED", reviewedAt: now, patientNotifiedAt: now });
    const audit = (await auditRowsOf(db, patientId)).filter((row) => row.action === "lab.signoff");
    expect(audit).toEqual([expect.objectContaining({ actorId: chart.physician.userId, resourceId: chart.order.id, outcome: "ALLOWED", reason: "Signed off; patient notified" })]);
    expect(await db.job.count({ where: { dedupeKey: `lab.results_ready:${chart.order.id}` } })).toBe(1);
    expect((await physicianInbox(db, chart.physician.context)).results).toEqual([]);

    const portal = await notifiedResultsOf(db, chart.patient.context, { patientId });
    expect(portal.map((order) => order.results.map((result) => [result.value, result.referenceLow, result.referenceHigh, result.flag]))).toEqual([[[130, 70, 99, "HIGH"]]]);
    await expect(notifiedResultsOf(db, chart.patient.context, { patientId: chart.otherPatient.patientId })).rejects.toBeInstanceOf(AccessDeniedError);

    const again = await signOffResults(db, chart.physician.context, { orderId: chart.order.id, notifyPatient: false }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(OrderConflictError);
  });
});
