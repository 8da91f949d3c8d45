import { describe, expect, it } from "vitest";
import { geometryOf, imagingFrameInput, imagingStudyInput, withPrevious } from "./studies";
import type { ImagingStudyView } from "./types";

const STUDY = "2.25.123456789";
const valid = { patientId: "pat-1", studyUid: STUDY, seriesUid: "2.25.2", instanceUid: "2.25.3" };

describe("the imaging routes' input", () => {
  it("takes DICOM UIDs and a window preset, defaulting to the image's own window", () => {
    expect(imagingFrameInput.parse(valid)).toEqual({ ...valid, preset: "default" });
    expect(imagingFrameInput.parse({ ...valid, preset: "lung" }).preset).toBe("lung");
  });

  it.each([
    ["a path in the study UID", { ...valid, studyUid: "../../instances" }],
    ["a QIDO wildcard", { ...valid, studyUid: "2.25.*" }],
    ["a query string", { ...valid, seriesUid: "2.25.1?PatientID=MRN-000002" }],
    ["leading zeros", { ...valid, instanceUid: "2.025.3" }],
    ["an overlong UID", { ...valid, studyUid: `2.25.${"1".repeat(61)}` }],
    ["an unknown preset", { ...valid, preset: "brain" }],
    ["a malformed patient id", { ...valid, patientId: "pat 1;" }],
  ])("refuses %s", (_, input) => {
    expect(imagingFrameInput.safeParse(input).success).toBe(false);
  });

  it("refuses a study UID that is not one when opening a study", () => {
    expect(imagingStudyInput.safeParse({ patientId: "pat-1", studyUid: "1.2.x" }).success).toBe(false);
    expect(imagingStudyInput.safeParse({ patientId: "pat-1", studyUid: STUDY }).success).toBe(true);
  });
});

describe("compare with previous", () => {
  const study = (uid: string, modalities: string[], bodyPart: string | null, date: string): ImagingStudyView => ({
    studyInstanceUid: uid,
    date,
    modalities,
    bodyPart,
    description: null,
    imageCount: 1,
    series: [],
    report: null,
    previousStudyUid: null,
  });

  it("links each study to the next older one of the same modality and body part", () => {
    const linked = withPrevious([
      study("ct", ["CT"], "CHEST", "2026-11-24"),
      study("xr", ["DX"], "CHEST", "2026-11-20"),
      study("xr-hand", ["DX"], "HAND", "2026-01-01"),
      study("xr-old", ["DX"], "CHEST", "2024-12-04"),
    ]);
    expect(linked.map((item) => [item.studyInstanceUid, item.previousStudyUid])).toEqual([
      ["ct", null],
      ["xr", "xr-old"],
      ["xr-hand", null],
      ["xr-old", null],
    ]);
  });
});

describe("a series' geometry from its first image's metadata", () => {
  const size = { "00280010": { vr: "US", Value: [512] }, "00280011": { vr: "US", Value: [400] } };
  it("reads the size and PixelSpacing (rows, then columns) in mm", () => {
    expect(geometryOf({ ...size, "00280030": { vr: "DS", Value: [0.7, 0.8] } })).toEqual({ rows: 512, columns: 400, pixelSpacingMm: [0.7, 0.8] });
  });
  it("has no spacing when the image has none, or a nonsensical one", () => {
    expect(geometryOf(size)?.pixelSpacingMm).toBeNull();
    expect(geometryOf({ ...size, "00280030": { vr: "DS", Value: [0, 0.8] } })?.pixelSpacingMm).toBeNull();
    expect(geometryOf({ ...size, "00280030": { vr: "DS", Value: [0.7] } })?.pixelSpacingMm).toBeNull();
  });
  it("is unknown without a size", () => {
    expect(geometryOf(null)).toBeNull();
    expect(geometryOf({ "00280030": { vr: "DS", Value: [0.7, 0.7] } })).toBeNull();
  });
});
