// The indications a lab order may give, a minimal ICD-10-CM (FY2026) subset of
// the reasons primary care orders these panels for, with CMS's short titles
// (https://www.cms.gov/medicare/coding-billing/icd-10-codes). Kept in its own
// file so a fuller bundled ICD-10 list can replace it.

export const LAB_INDICATIONS: ReadonlyArray<{ code: string; title: string }> = [
  { code: "Z00.00", title: "General adult medical examination without abnormal findings" },
  { code: "E11.9", title: "Type 2 diabetes mellitus without complications" },
  { code: "R73.03", title: "Prediabetes" },
  { code: "E78.5", title: "Hyperlipidemia, unspecified" },
  { code: "I10", title: "Essential (primary) hypertension" },
  { code: "N18.3", title: "Chronic kidney disease, stage 3 (moderate)" },
  { code: "E03.9", title: "Hypothyroidism, unspecified" },
  { code: "D64.9", title: "Anemia, unspecified" },
  { code: "R53.83", title: "Other fatigue" },
  { code: "Z79.899", title: "Other long term (current) drug therapy" },
];

export function indicationTitle(code: string): string | null {
  return LAB_INDICATIONS.find((indication) => indication.code === code)?.title ?? null;
}
