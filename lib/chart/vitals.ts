// The vital signs the chart summary shows, by LOINC code, in display order.
// Patients report them at video visits; they are stored as LabResult rows of
// the "Vitals" panel (see lib/db/seed/catalog/lab-panels.ts).

export const VITAL_SIGNS = [
  { loincCode: "8480-6", label: "Systolic blood pressure" },
  { loincCode: "8462-4", label: "Diastolic blood pressure" },
  { loincCode: "8867-4", label: "Heart rate" },
  { loincCode: "8310-5", label: "Body temperature" },
  { loincCode: "59408-5", label: "Oxygen saturation" },
  { loincCode: "29463-7", label: "Body weight" },
  { loincCode: "39156-5", label: "Body mass index" },
] as const;

export const VITAL_LOINC_CODES: readonly string[] = VITAL_SIGNS.map((vital) => vital.loincCode);
