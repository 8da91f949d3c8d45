import { DEMO_PATIENT } from "@/lib/db/seed/demo-clinic";
import { SOP_CLASSES, type DicomDataset } from "./dicom-files";
import { uidFor } from "./uids";

// The demo clinic's imaging, made at seed time as real DICOM: for the demo
// patient a two-view chest X-ray, a 100-slice chest CT and the X-ray of two
// years before to compare with; for the second patient one X-ray (so another
// patient's study exists to be refused). Pixels are synthetic and small (CT
// 128 × 128, X-ray 256 × 256) so seeding stays quick. UIDs come from the MRN
// and the study's key, so every seed makes the same ones.

export interface DemoPatient {
  mrn: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD. */
  dateOfBirth: string;
  sex: "FEMALE" | "MALE" | "OTHER" | "UNKNOWN";
}

export interface DemoReport {
  title: string;
  findings: string;
  impression: string;
  radiologist: string;
}

export interface DemoStudy {
  key: string;
  studyInstanceUid: string;
  performedAt: Date;
  report: DemoReport;
  /** Every instance's dataset, series by series; built when asked for (the CT is 100 slices). */
  instances: () => DicomDataset[];
}

export const CT_SLICES = 100;
const CT_SIZE = 128;
const XRAY_SIZE = 256;
const DAY_MS = 86_400_000;
const RADIOLOGIST = "Dr. Helen Okafor, MD (Radiology)";

type Plan = {
  key: DemoStudyKey;
  daysAgo: number;
  modality: "CT" | "DX";
  description: string;
  series: { description: string; count: number; view?: "PA" | "LATERAL" }[];
  report: Omit<DemoReport, "radiologist">;
};

/** A chest radiograph's two views, each its own series. */
const TWO_VIEWS: Plan["series"] = [
  { description: "PA", count: 1, view: "PA" },
  { description: "Lateral", count: 1, view: "LATERAL" },
];

const DEMO_PATIENT_PLANS: Plan[] = [
  {
    key: "xr-chest-previous",
    daysAgo: 730,
    modality: "DX",
    description: "XR chest 2 views",
    series: TWO_VIEWS,
    report: {
      title: "XR chest, 2 views",
      findings: "Lungs are clear. Mild hyperinflation. Heart size normal. No effusion or pneumothorax. Bones intact.",
      impression: "No acute cardiopulmonary process. Mild hyperinflation, consistent with known asthma.",
    },
  },
  {
    key: "xr-chest",
    daysAgo: 14,
    modality: "DX",
    description: "XR chest 2 views",
    series: TWO_VIEWS,
    report: {
      title: "XR chest, 2 views",
      findings:
        "Compared with the study of two years ago. New 8 mm nodular opacity in the right upper zone. Lungs otherwise clear, mild hyperinflation unchanged. Heart size normal. No effusion.",
      impression: "New 8 mm right upper zone nodule. CT chest recommended.",
    },
  },
  {
    key: "ct-chest",
    daysAgo: 10,
    modality: "CT",
    description: "CT chest without contrast",
    series: [{ description: "Axial 2.5 mm", count: CT_SLICES }],
    report: {
      title: "CT chest without contrast",
      findings:
        "8 mm solid nodule in the right upper lobe (series 1, images 40 to 44), smooth margins. No other nodules. No mediastinal or hilar lymphadenopathy. Mild bronchial wall thickening. No effusion.",
      impression: "Solitary 8 mm right upper lobe nodule. Follow-up CT in 3 months (Fleischner Society 2017).",
    },
  },
];

const SECOND_PATIENT_PLANS: Plan[] = [DEMO_PATIENT_PLANS[1]!].map((plan) => ({
  ...plan,
  daysAgo: 40,
  report: { ...plan.report, findings: "Lungs are clear. Heart size normal. No effusion or pneumothorax.", impression: "No acute cardiopulmonary process." },
}));

/** The generated patient after the demo patient, whose one study is "another patient's" in demos and tests. */
export const SECOND_IMAGING_MRN = "MRN-000002";
export const DEMO_IMAGING_MRNS = [DEMO_PATIENT.mrn, SECOND_IMAGING_MRN] as const;

/** The demo studies of a patient, by MRN: the demo patient's three, the second patient's one, nobody else's. */
export function demoStudiesFor(patient: DemoPatient, now: Date): DemoStudy[] {
  const plans = patient.mrn === DEMO_PATIENT.mrn ? DEMO_PATIENT_PLANS : patient.mrn === SECOND_IMAGING_MRN ? SECOND_PATIENT_PLANS : [];
  return plans.map((plan, index) => studyOf(patient, plan, now, index + 1));
}

export type DemoStudyKey = "xr-chest" | "ct-chest" | "xr-chest-previous";

/** One of the demo studies for any patient (tests store them for patients of their own). */
export function demoStudy(patient: DemoPatient, key: DemoStudyKey, now: Date): DemoStudy {
  const index = DEMO_PATIENT_PLANS.findIndex((plan) => plan.key === key);
  return studyOf(patient, DEMO_PATIENT_PLANS[index]!, now, index + 1);
}

/** The UIDs a demo study's parts get, from the patient's MRN and the study's key: the same on every seed. */
export const demoUids = {
  study: (mrn: string, key: DemoStudyKey) => uidFor(`${mrn}/${key}/study`),
  series: (mrn: string, key: DemoStudyKey, series: number) => uidFor(`${mrn}/${key}/series/${series}`),
  instance: (mrn: string, key: DemoStudyKey, series: number, instance: number) => uidFor(`${mrn}/${key}/series/${series}/instance/${instance}`),
};

function studyOf(patient: DemoPatient, plan: Plan, now: Date, studyNumber: number): DemoStudy {
  const studyInstanceUid = demoUids.study(patient.mrn, plan.key);
  // Mid-morning UTC on the day, so the date reads the same in the clinic's zones.
  const day = new Date(Math.floor((now.getTime() - plan.daysAgo * DAY_MS) / DAY_MS) * DAY_MS + 14 * 3_600_000);
  return {
    key: plan.key,
    studyInstanceUid,
    performedAt: day,
    report: { ...plan.report, radiologist: RADIOLOGIST },
    instances: () => instancesOf(patient, plan, studyInstanceUid, day, studyNumber),
  };
}

function instancesOf(patient: DemoPatient, plan: Plan, studyInstanceUid: string, performedAt: Date, studyNumber: number): DicomDataset[] {
  const [date, time] = dicomDateTime(performedAt);
  const study = {
    StudyInstanceUID: studyInstanceUid,
    StudyDate: date,
    StudyTime: time,
    StudyID: String(studyNumber),
    AccessionNumber: `${patient.mrn.replace(/[^0-9]/g, "")}${String(studyNumber).padStart(2, "0")}`,
    StudyDescription: plan.description,
    ReferringPhysicianName: "",
    PatientID: patient.mrn,
    PatientName: `${patient.familyName}^${patient.givenName}`,
    PatientBirthDate: patient.dateOfBirth.replaceAll("-", ""),
    PatientSex: { FEMALE: "F", MALE: "M", OTHER: "O", UNKNOWN: "O" }[patient.sex],
    BodyPartExamined: "CHEST",
    Modality: plan.modality,
    Manufacturer: "Telemedicine Clinic demo",
    SpecificCharacterSet: "ISO_IR 192",
  };
  return plan.series.flatMap((series, seriesIndex) => {
    const seriesInstanceUid = demoUids.series(patient.mrn, plan.key, seriesIndex + 1);
    return Array.from({ length: series.count }, (_, instanceIndex) => {
      const base = {
        ...study,
        SeriesInstanceUID: seriesInstanceUid,
        SeriesNumber: String(seriesIndex + 1),
        SeriesDescription: series.description,
        SOPInstanceUID: demoUids.instance(patient.mrn, plan.key, seriesIndex + 1, instanceIndex + 1),
        InstanceNumber: String(instanceIndex + 1),
        SeriesDate: date,
        SeriesTime: time,
        ContentDate: date,
        ContentTime: time,
        SamplesPerPixel: 1,
        PhotometricInterpretation: "MONOCHROME2",
        BitsAllocated: 16,
        HighBit: 15,
      };
      return plan.modality === "CT" ? ctSlice(base, instanceIndex) : xray(base, series.view ?? "PA");
    });
  });
}

function ctSlice(base: Record<string, unknown>, index: number): DicomDataset {
  const thickness = 2.5;
  return {
    ...base,
    SOPClassUID: SOP_CLASSES.CT,
    SOPInstanceUID: base.SOPInstanceUID as string,
    ImageType: ["ORIGINAL", "PRIMARY", "AXIAL"],
    Rows: CT_SIZE,
    Columns: CT_SIZE,
    BitsStored: 16,
    PixelRepresentation: 1,
    RescaleIntercept: "0",
    RescaleSlope: "1",
    RescaleType: "HU",
    WindowCenter: "40",
    WindowWidth: "400",
    PixelSpacing: ["2.5", "2.5"],
    SliceThickness: String(thickness),
    SliceLocation: String(-index * thickness),
    ImagePositionPatient: ["-160", "-160", String(-index * thickness)],
    ImageOrientationPatient: ["1", "0", "0", "0", "1", "0"],
    KVP: "120",
    PixelData: [ctPixels(index).buffer],
    _vrMap: { PixelData: "OW" },
  };
}

function xray(base: Record<string, unknown>, view: "PA" | "LATERAL"): DicomDataset {
  return {
    ...base,
    SOPClassUID: SOP_CLASSES.DX,
    SOPInstanceUID: base.SOPInstanceUID as string,
    ImageType: ["ORIGINAL", "PRIMARY"],
    PresentationIntentType: "FOR PRESENTATION",
    ViewPosition: view === "PA" ? "PA" : "LL",
    Rows: XRAY_SIZE,
    Columns: XRAY_SIZE,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: "2048",
    WindowWidth: "4096",
    PixelSpacing: ["1.4", "1.4"],
    PixelData: [xrayPixels(view).buffer],
    _vrMap: { PixelData: "OW" },
  };
}

const inEllipse = (x: number, y: number, cx: number, cy: number, rx: number, ry: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** A chest phantom slice in Hounsfield units: body, lungs that grow and shrink along the series, spine, heart low down, and the nodule on slices 40 to 44. */
function ctPixels(index: number): Int16Array {
  const pixels = new Int16Array(CT_SIZE * CT_SIZE);
  const t = index / (CT_SLICES - 1);
  const lung = Math.sin(Math.PI * (0.1 + 0.8 * t));
  for (let y = 0; y < CT_SIZE; y++) {
    for (let x = 0; x < CT_SIZE; x++) {
      let value = -1000;
      if (inEllipse(x, y, 64, 66, 58, 44)) value = -90;
      if (inEllipse(x, y, 64, 66, 54, 40)) value = 40;
      if (inEllipse(x, y, 40, 60, 18 * lung + 2, 26 * lung + 2) || inEllipse(x, y, 88, 60, 18 * lung + 2, 26 * lung + 2)) value = -850;
      if (t > 0.55 && inEllipse(x, y, 70, 70, 20 * (t - 0.4), 16 * (t - 0.4))) value = 45;
      if (inEllipse(x, y, 64, 98, 9, 8)) value = 700;
      if (index >= 40 && index <= 44 && inEllipse(x, y, 36, 50, 3.2, 3.2)) value = 30;
      pixels[y * CT_SIZE + x] = value;
    }
  }
  return pixels;
}

/** A chest radiograph's shape, bright where it attenuates: mediastinum and ribs on a PA view, the spine and heart on a lateral. */
function xrayPixels(view: "PA" | "LATERAL"): Uint16Array {
  const pixels = new Uint16Array(XRAY_SIZE * XRAY_SIZE);
  for (let y = 0; y < XRAY_SIZE; y++) {
    for (let x = 0; x < XRAY_SIZE; x++) {
      let value = 300;
      if (inEllipse(x, y, 128, 150, 110, 120)) value = 2600;
      if (view === "PA") {
        if (inEllipse(x, y, 80, 120, 42, 80) || inEllipse(x, y, 176, 120, 42, 80)) value = 900;
        if (Math.abs(x - 128) < 14) value = 3400;
        if (value === 900 && Math.round(y / 6) % 4 === 0) value = 2200;
      } else {
        if (inEllipse(x, y, 120, 120, 70, 85)) value = 900;
        if (inEllipse(x, y, 110, 160, 38, 40)) value = 2400;
        if (Math.abs(x - 196) < 10 && y > 40) value = 3400;
      }
      pixels[y * XRAY_SIZE + x] = value;
    }
  }
  return pixels;
}

function dicomDateTime(instant: Date): [string, string] {
  const iso = instant.toISOString();
  return [iso.slice(0, 10).replaceAll("-", ""), iso.slice(11, 19).replaceAll(":", "")];
}
