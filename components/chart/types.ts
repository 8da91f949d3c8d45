import type { ChartSummary } from "@/lib/chart/summary";
import type { PrescriptionWarningView } from "@/lib/chart/types";
import type { VisitHistoryPage } from "@/lib/chart/history";
import type { AnalyteTrend, LabPanelGroup } from "@/lib/chart/lab-shaping";
import type { LabAnalyteSummary, LabResultsPage } from "@/lib/chart/labs";
import type { CreatedPrescription, DrugView, PrescriptionView } from "@/lib/chart/prescriptions";
import type { CareGapDecisionView } from "@/lib/care-gaps/decisions";
import type { getVisitReconciliation, ReconciliationView } from "@/lib/chart/reconciliation";
import type { LabOrderView, ORDERABLE } from "@/lib/orders/orders";

// The chart's API responses as the browser receives them. The lib types carry
// Date objects; over JSON every Date arrives as an ISO string, so the client
// types say so and the components parse dates where they show them. Type-only
// imports: nothing from the server modules reaches the browser bundle.

/** T as it comes out of JSON.parse(JSON.stringify(value)). */
export type Json<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer Item>
    ? Json<Item>[]
    : T extends object
      ? { [Key in keyof T]: Json<T[Key]> }
      : T;

/** The value as its API would send it, for data the server puts into the page's first HTML instead. */
export function asJson<T>(value: T): Json<T> {
  return JSON.parse(JSON.stringify(value)) as Json<T>;
}

export type ChartSummaryJson = Json<ChartSummary>;
export type LabResultsPageJson = Json<LabResultsPage>;
export type LabPanelGroupJson = Json<LabPanelGroup>;
export type LabAnalyteSummaryJson = Json<LabAnalyteSummary>;
export type AnalyteTrendJson = Json<AnalyteTrend>;
export type VisitHistoryPageJson = Json<VisitHistoryPage>;
export type HistoryVisitJson = VisitHistoryPageJson["visits"][number];
export type PrescriptionJson = Json<PrescriptionView>;
export type CreatedPrescriptionJson = Json<CreatedPrescription>;
export type PrescriptionWarningJson = PrescriptionWarningView;

/** GET /api/patients/[id]/labs/analytes: the analytes grouped by panel, as listLabAnalytes returns them. */
export interface LabAnalytesResponse {
  analytes: Array<{ panel: string; analytes: LabAnalyteSummaryJson[] }>;
}

/** A drug found by the search, with the warnings prescribing it would raise for this patient. */
export interface DrugOption extends Json<DrugView> {
  warnings: PrescriptionWarningJson[];
}

/** GET /api/appointments/<id>/care-gaps. */
export type VisitCareGapDecisionsJson = { decisions: Json<CareGapDecisionView>[] };
export type CareGapDecisionJson = Json<CareGapDecisionView>;
/** GET /api/appointments/[id]/medication-reconciliation, as getVisitReconciliation returns it. */
export type VisitReconciliationJson = Json<Awaited<ReturnType<typeof getVisitReconciliation>>>;
export type ReconciliationJson = Json<ReconciliationView>;
export type LabOrderJson = Json<LabOrderView>;
export type LabOrdersJson = { orders: LabOrderJson[]; orderable: typeof ORDERABLE };
