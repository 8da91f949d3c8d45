// The vital signs the chart summary shows, by LOINC code, in display order.
// Patients report them at video visits; they are stored as LabResult rows of
// the "Vitals" panel (see lib/db/seed/catalog/lab-panels.ts).

// `unit` is how the chart's "Record a vital sign" form names the unit a value
// is entered in (the panel's UCUM unit, written for people); BMI is computed,
// never entered.

export const VITAL_SIGNS = [
  { loincCode: "8480-6", label: "Systolic blood pressure", unit: "mmHg", recordable: true },
  { loincCode: "8462-4", label: "Diastolic blood pressure", unit: "mmHg", recordable: true },
  { loincCode: "8867-4", label: "Heart rate", unit: "beats/min", recordable: true },
  { loincCode: "8310-5", label: "Body temperature", unit: "°C", recordable: true },
  { loincCode: "59408-5", label: "Oxygen saturation", unit: "%", recordable: true },
  { loincCode: "29463-7", label: "Body weight", unit: "kg", recordable: true },
  { loincCode: "39156-5", label: "Body mass index", unit: "kg/m²", recordable: false },
] as const;

export const VITAL_LOINC_CODES: readonly string[] = VITAL_SIGNS.map((vital) => vital.loincCode);
