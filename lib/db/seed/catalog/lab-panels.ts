import "server-only";
import type { AdministrativeSex } from "../../generated/enums";
import type { LabLimits } from "../lab-flag";

// Adult reference ranges as a typical US outpatient laboratory reports them.
// Units are UCUM codes, as FHIR expects them.

export interface Range {
  low: number | null;
  high: number | null;
}

export interface AnalyteDefinition {
  loincCode: string;
  analyte: string;
  unit: string;
  /** Decimals the laboratory reports. */
  decimals: number;
  /** For OTHER and UNKNOWN sex the range spans both sexes' ranges. */
  reference: Range;
  referenceBySex?: Partial<Record<AdministrativeSex, Range>>;
  critical: Range;
  /** Values outside are measurement nonsense; simulated values are clamped into it. */
  plausible: { min: number; max: number };
}

export interface LabPanelDefinition {
  name: string;
  analytes: readonly AnalyteDefinition[];
}

const NO_CRITICAL: Range = { low: null, high: null };

export const WBC: AnalyteDefinition = {
  loincCode: "6690-2",
  analyte: "White blood cells",
  unit: "10*3/uL",
  decimals: 1,
  reference: { low: 4.0, high: 11.0 },
  critical: { low: 2.0, high: 30.0 },
  plausible: { min: 0.5, max: 60 },
};

export const HEMOGLOBIN: AnalyteDefinition = {
  loincCode: "718-7",
  analyte: "Hemoglobin",
  unit: "g/dL",
  decimals: 1,
  reference: { low: 12.0, high: 17.5 },
  referenceBySex: { FEMALE: { low: 12.0, high: 15.5 }, MALE: { low: 13.5, high: 17.5 } },
  critical: { low: 7.0, high: 20.0 },
  plausible: { min: 4, max: 23 },
};

export const PLATELETS: AnalyteDefinition = {
  loincCode: "777-3",
  analyte: "Platelets",
  unit: "10*3/uL",
  decimals: 0,
  reference: { low: 150, high: 400 },
  critical: { low: 50, high: 1000 },
  plausible: { min: 10, max: 1500 },
};

export const HEMATOCRIT: AnalyteDefinition = {
  loincCode: "4544-3",
  analyte: "Hematocrit",
  unit: "%",
  decimals: 1,
  reference: { low: 36.0, high: 53.0 },
  referenceBySex: { FEMALE: { low: 36.0, high: 46.0 }, MALE: { low: 41.0, high: 53.0 } },
  critical: { low: 20.0, high: 60.0 },
  plausible: { min: 12, max: 70 },
};

export const GLUCOSE: AnalyteDefinition = {
  loincCode: "2345-7",
  analyte: "Glucose",
  unit: "mg/dL",
  decimals: 0,
  reference: { low: 70, high: 99 },
  critical: { low: 50, high: 400 },
  plausible: { min: 30, max: 700 },
};

export const SODIUM: AnalyteDefinition = {
  loincCode: "2951-2",
  analyte: "Sodium",
  unit: "mmol/L",
  decimals: 0,
  reference: { low: 136, high: 145 },
  critical: { low: 120, high: 160 },
  plausible: { min: 105, max: 175 },
};

export const POTASSIUM: AnalyteDefinition = {
  loincCode: "2823-3",
  analyte: "Potassium",
  unit: "mmol/L",
  decimals: 1,
  reference: { low: 3.5, high: 5.1 },
  critical: { low: 2.8, high: 6.2 },
  plausible: { min: 2.0, max: 8.0 },
};

export const CREATININE: AnalyteDefinition = {
  loincCode: "2160-0",
  analyte: "Creatinine",
  unit: "mg/dL",
  decimals: 2,
  reference: { low: 0.59, high: 1.35 },
  referenceBySex: { FEMALE: { low: 0.59, high: 1.04 }, MALE: { low: 0.74, high: 1.35 } },
  critical: { low: null, high: 4.0 },
  plausible: { min: 0.3, max: 10 },
};

export const UREA_NITROGEN: AnalyteDefinition = {
  loincCode: "3094-0",
  analyte: "Urea nitrogen (BUN)",
  unit: "mg/dL",
  decimals: 0,
  reference: { low: 7, high: 20 },
  critical: { low: null, high: 100 },
  plausible: { min: 2, max: 150 },
};

export const CHLORIDE: AnalyteDefinition = {
  loincCode: "2075-0",
  analyte: "Chloride",
  unit: "mmol/L",
  decimals: 0,
  reference: { low: 98, high: 107 },
  critical: { low: 80, high: 115 },
  plausible: { min: 70, max: 130 },
};

export const CARBON_DIOXIDE: AnalyteDefinition = {
  loincCode: "2028-9",
  analyte: "Carbon dioxide (CO2)",
  unit: "mmol/L",
  decimals: 0,
  reference: { low: 22, high: 29 },
  critical: { low: 10, high: 40 },
  plausible: { min: 5, max: 50 },
};

export const CALCIUM: AnalyteDefinition = {
  loincCode: "17861-6",
  analyte: "Calcium",
  unit: "mg/dL",
  decimals: 1,
  reference: { low: 8.6, high: 10.3 },
  critical: { low: 6.5, high: 13.0 },
  plausible: { min: 5, max: 16 },
};

export const TOTAL_CHOLESTEROL: AnalyteDefinition = {
  loincCode: "2093-3",
  analyte: "Total cholesterol",
  unit: "mg/dL",
  decimals: 0,
  reference: { low: null, high: 199 },
  critical: NO_CRITICAL,
  plausible: { min: 80, max: 450 },
};

export const LDL_CHOLESTEROL: AnalyteDefinition = {
  loincCode: "13457-7",
  analyte: "LDL cholesterol (calculated)",
  unit: "mg/dL",
  decimals: 0,
  reference: { low: null, high: 99 },
  critical: NO_CRITICAL,
  plausible: { min: 20, max: 320 },
};

export const HDL_CHOLESTEROL: AnalyteDefinition = {
  loincCode: "2085-9",
  analyte: "HDL cholesterol",
  unit: "mg/dL",
  decimals: 0,
  reference: { low: 40, high: null },
  referenceBySex: { FEMALE: { low: 50, high: null }, MALE: { low: 40, high: null } },
  critical: NO_CRITICAL,
  plausible: { min: 15, max: 120 },
};

export const TRIGLYCERIDES: AnalyteDefinition = {
  loincCode: "2571-8",
  analyte: "Triglycerides",
  unit: "mg/dL",
  decimals: 0,
  reference: { low: null, high: 149 },
  critical: { low: null, high: 1000 },
  plausible: { min: 30, max: 1500 },
};

export const HBA1C: AnalyteDefinition = {
  loincCode: "4548-4",
  analyte: "Hemoglobin A1c",
  unit: "%",
  decimals: 1,
  reference: { low: 4.0, high: 5.6 },
  critical: NO_CRITICAL,
  plausible: { min: 3.5, max: 15 },
};

export const TSH: AnalyteDefinition = {
  loincCode: "3016-3",
  analyte: "Thyroid stimulating hormone (TSH)",
  unit: "m[IU]/L",
  decimals: 2,
  reference: { low: 0.45, high: 4.5 },
  critical: { low: 0.01, high: 50 },
  plausible: { min: 0.01, max: 80 },
};

export const SYSTOLIC_BP: AnalyteDefinition = {
  loincCode: "8480-6",
  analyte: "Systolic blood pressure",
  unit: "mm[Hg]",
  decimals: 0,
  reference: { low: 90, high: 129 },
  critical: { low: 70, high: 180 },
  plausible: { min: 70, max: 230 },
};

export const DIASTOLIC_BP: AnalyteDefinition = {
  loincCode: "8462-4",
  analyte: "Diastolic blood pressure",
  unit: "mm[Hg]",
  decimals: 0,
  reference: { low: 60, high: 79 },
  critical: { low: 40, high: 120 },
  plausible: { min: 40, max: 140 },
};

export const HEART_RATE: AnalyteDefinition = {
  loincCode: "8867-4",
  analyte: "Heart rate",
  unit: "/min",
  decimals: 0,
  reference: { low: 60, high: 100 },
  critical: { low: 40, high: 130 },
  plausible: { min: 35, max: 190 },
};

export const BODY_WEIGHT: AnalyteDefinition = {
  loincCode: "29463-7",
  analyte: "Body weight",
  unit: "kg",
  decimals: 1,
  reference: { low: null, high: null },
  critical: NO_CRITICAL,
  plausible: { min: 15, max: 250 },
};

export const BMI: AnalyteDefinition = {
  loincCode: "39156-5",
  analyte: "Body mass index (BMI)",
  unit: "kg/m2",
  decimals: 1,
  reference: { low: 18.5, high: 24.9 },
  critical: NO_CRITICAL,
  plausible: { min: 12, max: 70 },
};

export const BODY_TEMPERATURE: AnalyteDefinition = {
  loincCode: "8310-5",
  analyte: "Body temperature",
  unit: "Cel",
  decimals: 1,
  reference: { low: 36.1, high: 37.5 },
  critical: { low: 35.0, high: 40.0 },
  plausible: { min: 34, max: 41.5 },
};

export const OXYGEN_SATURATION: AnalyteDefinition = {
  loincCode: "59408-5",
  analyte: "Oxygen saturation (SpO2)",
  unit: "%",
  decimals: 0,
  reference: { low: 95, high: 100 },
  critical: { low: 88, high: null },
  plausible: { min: 80, max: 100 },
};

export const CBC_PANEL: LabPanelDefinition = { name: "CBC", analytes: [WBC, HEMOGLOBIN, HEMATOCRIT, PLATELETS] };
export const BMP_PANEL: LabPanelDefinition = {
  name: "BMP",
  analytes: [GLUCOSE, UREA_NITROGEN, CREATININE, SODIUM, POTASSIUM, CHLORIDE, CARBON_DIOXIDE, CALCIUM],
};
export const LIPID_PANEL: LabPanelDefinition = {
  name: "Lipid panel",
  analytes: [TOTAL_CHOLESTEROL, LDL_CHOLESTEROL, HDL_CHOLESTEROL, TRIGLYCERIDES],
};
export const HBA1C_PANEL: LabPanelDefinition = { name: "HbA1c", analytes: [HBA1C] };
export const TSH_PANEL: LabPanelDefinition = { name: "TSH", analytes: [TSH] };
/** Patient-reported vitals from a video visit: home cuff, scale, thermometer and pulse oximeter. */
export const VITALS_PANEL: LabPanelDefinition = {
  name: "Vitals",
  analytes: [SYSTOLIC_BP, DIASTOLIC_BP, HEART_RATE, BODY_WEIGHT, BMI, BODY_TEMPERATURE, OXYGEN_SATURATION],
};

export const LAB_PANELS: readonly LabPanelDefinition[] = [CBC_PANEL, BMP_PANEL, LIPID_PANEL, HBA1C_PANEL, TSH_PANEL, VITALS_PANEL];

export function limitsFor(analyte: AnalyteDefinition, sex: AdministrativeSex): LabLimits {
  const reference = analyte.referenceBySex?.[sex] ?? analyte.reference;
  return { low: reference.low, high: reference.high, criticalLow: analyte.critical.low, criticalHigh: analyte.critical.high };
}
