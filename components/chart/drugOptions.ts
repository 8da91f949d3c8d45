import type { DrugOption } from "./types";

/**
 * The drugs of a GET /api/patients/[id]/drugs response as options. The search
 * returns each drug with its warnings for this patient; accepted both as
 * `{ drug, warnings }` (as lib/chart/prescriptions.ts searchDrugsForPatient
 * returns them) and flattened into one object.
 */
export function drugOptionsFrom(body: unknown): DrugOption[] {
  const drugs = (body as { drugs?: unknown } | null)?.drugs;
  if (!Array.isArray(drugs)) return [];
  return drugs.flatMap((entry: unknown): DrugOption[] => {
    if (typeof entry !== "object" || entry === null) return [];
    const record = entry as Record<string, unknown>;
    const drug = (typeof record.drug === "object" && record.drug !== null ? record.drug : record) as Omit<DrugOption, "warnings">;
    if (typeof drug.rxcui !== "string" || typeof drug.name !== "string") return [];
    const warnings = Array.isArray(record.warnings) ? (record.warnings as DrugOption["warnings"]) : [];
    return [{ ...drug, routes: Array.isArray(drug.routes) ? drug.routes : [], warnings }];
  });
}

/** "1 warning for this patient", "2 warnings for this patient", or "" without any. */
export function warningCountText(count: number): string {
  if (count === 0) return "";
  return `${count} ${count === 1 ? "warning" : "warnings"} for this patient`;
}
