import { describe, expect, it } from "vitest";
import { CT_SLICES, demoStudiesFor, SECOND_IMAGING_MRN } from "./demo-studies";
import { readDicomFile, SOP_CLASSES, writeDicomFile } from "./dicom-files";
import { isDicomUid } from "./uids";

const NOW = new Date("2026-12-04T20:00:00Z");
const alex = { mrn: "MRN-000001", givenName: "Alex", familyName: "Morgan", dateOfBirth: "1979-06-14", sex: "FEMALE" as const };

describe("the demo imaging studies", () => {
  const studies = demoStudiesFor(alex, NOW);

  it("are a two-view chest X-ray of two years ago, a recent one to compare with it and a 100-slice chest CT, for the demo patient only", () => {
    expect(studies.map((study) => [study.key, study.performedAt.toISOString().slice(0, 10), study.instances().length])).toEqual([
      ["xr-chest-previous", "2024-12-04", 2],
      ["xr-chest", "2026-11-20", 2],
      ["ct-chest", "2026-11-24", CT_SLICES],
    ]);
    expect(studies.every((study) => study.report.findings.length > 0 && study.report.impression.length > 0)).toBe(true);
    expect(demoStudiesFor({ ...alex, mrn: SECOND_IMAGING_MRN }, NOW)).toHaveLength(1);
    expect(demoStudiesFor({ ...alex, mrn: "MRN-000003" }, NOW)).toEqual([]);
  });

  it("have valid UIDs, unique across studies, series and instances, and the same on every seed", () => {
    const uids = studies.flatMap((study) => [study.studyInstanceUid, ...study.instances().flatMap((instance) => [instance.SeriesInstanceUID as string, instance.SOPInstanceUID])]);
    expect(uids.every(isDicomUid)).toBe(true);
    // Two views in each X-ray, one CT series.
    const series = new Set(studies.flatMap((study) => study.instances().map((instance) => instance.SeriesInstanceUID)));
    expect(series.size).toBe(5);
    const instances = studies.flatMap((study) => study.instances().map((instance) => instance.SOPInstanceUID));
    expect(new Set(instances).size).toBe(instances.length);
    expect(demoStudiesFor(alex, new Date("2027-01-01T00:00:00Z")).map((study) => study.studyInstanceUid)).toEqual(studies.map((study) => study.studyInstanceUid));
  });

  it("write Part 10 files that read back with the patient, study, series and pixels intact", () => {
    const ct = studies.find((study) => study.key === "ct-chest")!;
    const slices = ct.instances();
    const read = readDicomFile(writeDicomFile(slices[41]!));
    expect(read).toMatchObject({
      PatientID: "MRN-000001",
      PatientName: [{ Alphabetic: "Morgan^Alex" }],
      PatientBirthDate: "19790614",
      PatientSex: "F",
      StudyInstanceUID: ct.studyInstanceUid,
      SeriesInstanceUID: slices[0]!.SeriesInstanceUID,
      SOPInstanceUID: slices[41]!.SOPInstanceUID,
      SOPClassUID: SOP_CLASSES.CT,
      Modality: "CT",
      BodyPartExamined: "CHEST",
      StudyDate: "20261124",
      InstanceNumber: 42,
      Rows: 128,
      Columns: 128,
    });
    const pixels = new Int16Array((read.PixelData as ArrayBuffer[])[0]!);
    expect(pixels).toHaveLength(128 * 128);
    // The nodule the report describes (slices 40 to 44) is in the pixels: soft tissue where lung is on slice 30.
    const at = (slice: Int16Array) => slice[50 * 128 + 36];
    expect(at(pixels)).toBe(30);
    expect(at(new Int16Array((readDicomFile(writeDicomFile(slices[30]!)).PixelData as ArrayBuffer[])[0]!))).toBe(-850);
  });

  it("make slices that differ from one another along the CT", () => {
    const ct = studies.find((study) => study.key === "ct-chest")!.instances();
    const bytes = (index: number) => Buffer.from((ct[index]!.PixelData as ArrayBuffer[])[0]!);
    expect(bytes(10).equals(bytes(60))).toBe(false);
  });

  it("refuses bytes that are not DICOM", () => {
    expect(() => readDicomFile(new TextEncoder().encode("%PDF-1.7 not an image"))).toThrow();
  });
});
