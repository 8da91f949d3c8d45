import { findIcd10 } from "@/lib/chart/chart-edit-rules";

// The indications a lab order may give: the reasons primary care orders the
// bundled panels for, chosen from the chart's bundled ICD-10-CM subset
// (lib/chart/data/icd10cm-subset.ts), so an order's indication and a problem's
// code come from one list with one wording.

const INDICATION_CODES = ["Z00.00", "E11.9", "R73.03", "E78.5", "I10", "N18.30", "E03.9", "D64.9", "R53.83", "Z79.899"] as const;

export const LAB_INDICATIONS: ReadonlyArray<{ code: string; title: string }> = INDICATION_CODES.map((code) => {
  const entry = findIcd10(code);
  // A code missing from the subset is a programming error: fail at start-up, not at order time.
  if (!entry) throw new Error(`Lab indication ${code} is not in the bundled ICD-10-CM subset.`);
  return { code, title: entry.description };
});

export function indicationTitle(code: string): string | null {
  return LAB_INDICATIONS.find((indication) => indication.code === code)?.title ?? null;
}
