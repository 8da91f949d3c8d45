import "server-only";
import { z } from "zod";
import { AccessDeniedError, auditActor, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Action } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { authorizePatient } from "@/lib/chart/access";
import { LAB_ROW_COLUMNS } from "@/lib/chart/lab-shaping";
import type { LabFlag, LabOrderStatus } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { limitsFor } from "@/lib/db/seed/catalog/lab-panels";
import { labFlag } from "@/lib/db/seed/lab-flag";
import { recordIdOf } from "@/lib/http/ids";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { ensureVisit } from "@/lib/visits/rooms";
import { indicationTitle, LAB_INDICATIONS } from "./data/indications";
import { ORDERABLE_PANELS, orderablePanel, panelIncludes } from "./data/lab-panels";
import { OrderValidationError, type OrderValidationCode } from "./errors";

// Lab orders: a physician orders a bundled panel with an ICD-10 indication,
// from a visit or from the chart; results attach to it, entered by hand here
// or brought in by the FHIR import (attachImportedResults). Every refusal of
// well-formed input is audited and changes nothing.

export interface LabOrderResultView {
  id: string;
  analyte: string;
  loincCode: string;
  value: number | null;
  valueText: string | null;
  unit: string;
  referenceLow: number | null;
  referenceHigh: number | null;
  flag: LabFlag;
  effectiveAt: Date;
}

export interface LabOrderView {
  id: string;
  panelLoinc: string;
  panelName: string;
  indicationCode: string;
  indicationText: string;
  status: LabOrderStatus;
  orderedAt: Date;
  resultedAt: Date | null;
  reviewedAt: Date | null;
  patientNotifiedAt: Date | null;
  physicianName: string;
  results: LabOrderResultView[];
}

export const LAB_ORDER_SELECT = {
  id: true,
  panelLoinc: true,
  panelName: true,
  indicationCode: true,
  indicationText: true,
  status: true,
  orderedAt: true,
  resultedAt: true,
  reviewedAt: true,
  patientNotifiedAt: true,
  physician: { select: { user: { select: { name: true } } } },
  results: { orderBy: { id: "asc" }, select: LAB_ROW_COLUMNS },
} as const;

type LabOrderRow = Omit<LabOrderView, "physicianName" | "results"> & {
  physician: { user: { name: string } };
  results: Array<Omit<LabOrderResultView, "value"> & { valueNumeric: number | null }>;
};

export function toLabOrderView({ physician, results, ...row }: LabOrderRow): LabOrderView {
  return {
    ...row,
    physicianName: physician.user.name,
    results: results.map(({ valueNumeric, ...result }) => ({ ...result, value: valueNumeric })),
  };
}

/** What the chart's order form offers: the bundled panels and indications. */
export const ORDERABLE = {
  panels: ORDERABLE_PANELS.map((panel) => ({ loincCode: panel.loincCode, name: panel.definition.name })),
  indications: LAB_INDICATIONS,
};

export const listLabOrdersInput = z.strictObject({ patientId: recordIdOf("patient") });
export type ListLabOrdersInput = z.input<typeof listLabOrdersInput>;

/** The patient's lab orders, newest first, each with the results attached so far. */
export async function listLabOrders(db: Database, context: RequestContext, input: ListLabOrdersInput): Promise<LabOrderView[]> {
  const { patientId } = listLabOrdersInput.parse(input);
  await authorizePatient(db, context, "chart.read", patientId);
  const rows = await db.labOrder.findMany({ where: { patientId }, orderBy: [{ orderedAt: "desc" }, { id: "desc" }], take: 200, select: LAB_ORDER_SELECT });
  return rows.map(toLabOrderView);
}

/** Audits a refusal of well-formed input (nothing was written) and throws it. */
async function refuse(db: Database, context: RequestContext, action: Action, patientId: string, code: OrderValidationCode, message: string): Promise<never> {
  await recordAudit(db, {
    ...auditActor(context),
    action,
    patientId,
    resourceType: "patient",
    resourceId: patientId,
    outcome: "DENIED",
    reason: `${code}: ${message}`,
  });
  throw new OrderValidationError(code, message);
}

const loincInput = z.string().trim().regex(/^\d{1,7}-\d$/, "Give the panel as a LOINC code, such as 58410-2.");

export const createLabOrderInput = z.strictObject({
  patientId: recordIdOf("patient"),
  appointmentId: recordIdOf("visit").optional(),
  panelLoinc: loincInput,
  indicationCode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]\d{2}(\.[A-Z0-9]{1,4})?$/, "Give the indication as an ICD-10-CM code, such as E11.9."),
});
export type CreateLabOrderInput = z.input<typeof createLabOrderInput>;

/**
 * Orders a panel for the patient, at a visit when `appointmentId` is given
 * (that visit's physician only, and the order shows in its after-visit
 * summary). A panel or indication the clinic does not bundle is refused (422).
 */
export async function createLabOrder(
  db: Database,
  context: RequestContext,
  input: CreateLabOrderInput,
  options: { now?: Date } = {},
): Promise<LabOrderView> {
  const parsed = createLabOrderInput.parse(input);
  const now = options.now ?? new Date();
  if (parsed.appointmentId) {
    const appointment = await authorizeAppointment(db, context, parsed.appointmentId, "lab.order");
    if (appointment.patientId !== parsed.patientId) {
      return refuse(db, context, "lab.order", parsed.patientId, "PATIENT_MISMATCH", "That visit is for a different patient.");
    }
  } else {
    await authorizePatient(db, context, "lab.order", parsed.patientId);
  }
  const physicianId = context.actor.kind === "user" ? context.actor.physicianId : null;
  if (!physicianId) throw new AccessDeniedError("Only a physician can order labs.", 403);
  const panel = orderablePanel(parsed.panelLoinc);
  if (!panel) return refuse(db, context, "lab.order", parsed.patientId, "UNKNOWN_PANEL", `The clinic has no lab panel ${parsed.panelLoinc}.`);
  const indicationText = indicationTitle(parsed.indicationCode);
  if (!indicationText) {
    return refuse(db, context, "lab.order", parsed.patientId, "UNKNOWN_INDICATION", `${parsed.indicationCode} is not an indication lab orders accept.`);
  }
  return db.$transaction(async (tx) => {
    const visitId = parsed.appointmentId ? (await ensureVisit(tx, parsed.appointmentId)).id : null;
    const order = await tx.labOrder.create({
      data: {
        patientId: parsed.patientId,
        physicianId,
        visitId,
        panelLoinc: panel.loincCode,
        panelName: panel.definition.name,
        indicationCode: parsed.indicationCode,
        indicationText,
        orderedAt: now,
      },
      select: LAB_ORDER_SELECT,
    });
    return toLabOrderView(order);
  });
}

export const enterLabResultsInput = z.strictObject({
  orderId: recordIdOf("lab order"),
  /** Whose results these are: refused unless it is the order's patient. */
  patientId: recordIdOf("patient"),
  results: z
    .array(z.strictObject({ loincCode: loincInput, value: z.number().finite() }))
    .min(1, "Enter at least one result.")
    .max(20, "Enter at most 20 results at a time."),
});
export type EnterLabResultsInput = z.input<typeof enterLabResultsInput>;

/**
 * A physician enters an order's results by hand: each is flagged against the
 * analyte's reference range for the patient's sex and its critical limits,
 * and the order goes to the inbox. A result for another patient's order, or
 * an analyte the panel does not have, is refused (422) and changes nothing.
 */
export async function enterLabResults(
  db: Database,
  context: RequestContext,
  input: EnterLabResultsInput,
  options: { now?: Date } = {},
): Promise<LabOrderView> {
  const parsed = enterLabResultsInput.parse(input);
  const now = options.now ?? new Date();
  const order = await db.labOrder.findUnique({ where: { id: parsed.orderId }, select: { id: true, patientId: true, panelLoinc: true, patient: { select: { sex: true } } } });
  if (!order) return refuseMissing(db, context, "lab.order", "labOrder", parsed.orderId);
  await authorizePatient(db, context, "lab.order", order.patientId);
  if (order.patientId !== parsed.patientId) {
    return refuse(db, context, "lab.order", order.patientId, "PATIENT_MISMATCH", "That lab order is for a different patient.");
  }
  const panel = orderablePanel(order.panelLoinc);
  const rows = parsed.results.map((result) => ({ result, analyte: panel?.definition.analytes.find((analyte) => analyte.loincCode === result.loincCode) }));
  const unknown = rows.find((row) => !row.analyte);
  if (!panel || unknown) {
    return refuse(db, context, "lab.order", order.patientId, "UNKNOWN_ANALYTE", `${unknown?.result.loincCode ?? order.panelLoinc} is not part of this panel.`);
  }
  return db.$transaction(async (tx) => {
    await tx.labResult.createMany({
      data: rows.map(({ result, analyte }) => {
        const limits = limitsFor(analyte!, order.patient.sex);
        return {
          patientId: order.patientId,
          orderId: order.id,
          panel: panel.definition.name,
          loincCode: analyte!.loincCode,
          analyte: analyte!.analyte,
          valueNumeric: result.value,
          unit: analyte!.unit,
          referenceLow: limits.low,
          referenceHigh: limits.high,
          flag: labFlag(result.value, limits),
          effectiveAt: now,
        };
      }),
    });
    // New results put a signed-off order back in the inbox.
    return toLabOrderView(await tx.labOrder.update({ where: { id: order.id }, data: { status: "RESULTED", resultedAt: now }, select: LAB_ORDER_SELECT }));
  });
}

/**
 * Attaches results the FHIR import just wrote to the patient's open orders:
 * a result whose Observation names the order (`basedOn` ServiceRequest/<id>)
 * goes to that order when it is the same patient's, otherwise to the patient's
 * oldest open order of a panel that includes the result's LOINC code. An order
 * that gets results goes to its physician's inbox.
 */
export async function attachImportedResults(
  tx: Database,
  results: ReadonlyArray<{ id: string; patientId: string; loincCode: string; basedOn: readonly string[] }>,
  now: Date,
): Promise<void> {
  const patientIds = [...new Set(results.map((result) => result.patientId))];
  if (patientIds.length === 0) return;
  const open = await tx.labOrder.findMany({
    where: { patientId: { in: patientIds }, status: { in: ["PENDING", "RESULTED"] } },
    orderBy: [{ orderedAt: "asc" }, { id: "asc" }],
    select: { id: true, patientId: true, panelLoinc: true },
  });
  const attached = new Map<string, string[]>();
  for (const result of results) {
    const candidates = open.filter((order) => order.patientId === result.patientId);
    const named = candidates.find((order) => result.basedOn.includes(`ServiceRequest/${order.id}`));
    const order =
      named ??
      candidates.find((candidate) => {
        const panel = orderablePanel(candidate.panelLoinc);
        return panel !== null && panelIncludes(panel, result.loincCode);
      });
    if (order) attached.set(order.id, [...(attached.get(order.id) ?? []), result.id]);
  }
  for (const [orderId, ids] of attached) {
    await tx.labResult.updateMany({ where: { id: { in: ids } }, data: { orderId } });
    await tx.labOrder.update({ where: { id: orderId }, data: { status: "RESULTED", resultedAt: now } });
  }
}
