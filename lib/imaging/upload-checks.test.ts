import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { demoStudy } from "./demo-studies";
import { readDicomFile, withPatient, writeDicomFile } from "./dicom-files";
import { checkDicomFile, filesToRefile, isSafeEntryName, unpackUpload } from "./upload-checks";

const patient = { mrn: "MRN-UPLOAD-1", givenName: "Ana", familyName: "Lima", dateOfBirth: "1980-02-03", sex: "FEMALE" } as const;
const [pa, lateral] = demoStudy(patient, "xr-chest", new Date("2026-12-01T00:00:00Z")).instances().map(writeDicomFile);
const file = (name: string, bytes: Uint8Array) => ({ name, bytes });
const limits = { fileBytes: 200_000, uploadBytes: 300_000, files: 3 };

describe("checkDicomFile", () => {
  it("takes a whole DICOM Part 10 file, with its PatientID and study", () => {
    expect(checkDicomFile(file("pa.dcm", pa!))).toMatchObject({ name: "pa.dcm", patientId: patient.mrn, studyInstanceUid: expect.stringMatching(/^2\.25\./) });
  });

  it("refuses a file without the DICM preamble as NOT_DICOM, naming it", () => {
    expect(() => checkDicomFile(file("report.pdf", new TextEncoder().encode("%PDF-1.7 ".repeat(40))))).toThrow(expect.objectContaining({ code: "NOT_DICOM", status: 415, message: expect.stringContaining('"report.pdf"') }));
    expect(() => checkDicomFile(file("empty.dcm", new Uint8Array()))).toThrow(expect.objectContaining({ code: "NOT_DICOM" }));
  });

  it("refuses a file cut short anywhere as DICOM_TRUNCATED: in its elements, or in its pixels (which dcmjs reads without complaint)", () => {
    for (const cut of [200, 1_000, pa!.byteLength - 10]) {
      expect(() => checkDicomFile(file("pa.dcm", pa!.subarray(0, cut)))).toThrow(expect.objectContaining({ code: "DICOM_TRUNCATED", status: 422, message: expect.stringContaining('"pa.dcm"') }));
    }
  });
});

describe("unpackUpload", () => {
  it("unpacks a zip of DICOM files, skipping folders and the media directory, naming each entry by its zip", () => {
    const zip = zipSync({ study: { "pa.dcm": pa!, "lat.dcm": lateral!, DICOMDIR: new Uint8Array(10) }, "__MACOSX/._pa.dcm": new Uint8Array(4) });
    expect(unpackUpload([file("study.zip", zip)], { ...limits, fileBytes: 1_000_000, uploadBytes: 1_000_000 }).map((entry) => entry.name).sort()).toEqual(["study.zip/study/lat.dcm", "study.zip/study/pa.dcm"]);
  });

  it("refuses a file over the per-file limit, an upload over the total, and too many files, as UPLOAD_TOO_LARGE", () => {
    expect(() => unpackUpload([file("big.dcm", new Uint8Array(200_001))], limits)).toThrow(expect.objectContaining({ code: "UPLOAD_TOO_LARGE", status: 413, message: expect.stringContaining('"big.dcm"') }));
    expect(() => unpackUpload([file("a", new Uint8Array(150_000)), file("b", new Uint8Array(150_001))], limits)).toThrow(expect.objectContaining({ code: "UPLOAD_TOO_LARGE" }));
    expect(() => unpackUpload([1, 2, 3, 4].map((n) => file(`${n}.dcm`, new Uint8Array(1))), limits)).toThrow(expect.objectContaining({ code: "UPLOAD_TOO_LARGE" }));
  });

  it("counts a zip by what it unpacks to: a small zip of zeros (a zip bomb) is refused before it is inflated", () => {
    const bomb = zipSync({ "a.dcm": new Uint8Array(150_000), "b.dcm": new Uint8Array(150_001) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(2_000);
    expect(() => unpackUpload([file("bomb.zip", bomb)], limits)).toThrow(expect.objectContaining({ code: "UPLOAD_TOO_LARGE", message: expect.stringContaining("unpacked") }));
    expect(() => unpackUpload([file("one.zip", zipSync({ "huge.dcm": new Uint8Array(200_001) }))], limits)).toThrow(expect.objectContaining({ code: "UPLOAD_TOO_LARGE", message: expect.stringContaining('"one.zip/huge.dcm"') }));
  });

  it("refuses a zip naming paths outside itself, and one that is not a readable zip, as ZIP_REFUSED", () => {
    expect(() => unpackUpload([file("evil.zip", zipSync({ "../../etc/cron.d/x": pa! }))], { ...limits, fileBytes: 1_000_000, uploadBytes: 1_000_000 })).toThrow(expect.objectContaining({ code: "ZIP_REFUSED", status: 422 }));
    const damaged = zipSync({ "pa.dcm": pa! }).subarray(0, 100);
    expect(() => unpackUpload([file("damaged.zip", damaged)], limits)).toThrow(expect.objectContaining({ code: "ZIP_REFUSED", message: expect.stringContaining('"damaged.zip"') }));
  });

  it("refuses an upload with no files", () => {
    expect(() => unpackUpload([], limits)).toThrow(expect.objectContaining({ code: "NO_FILES", status: 400 }));
  });
});

describe("isSafeEntryName", () => {
  it("takes relative paths inside the zip only", () => {
    expect(isSafeEntryName("study/series 1/IM0001")).toBe(true);
    for (const name of ["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\x", "a\u0000b", ""]) expect(isSafeEntryName(name)).toBe(false);
  });
});

describe("filesToRefile", () => {
  const chart = { mrn: patient.mrn, name: "Ana Lima" };
  const own = checkDicomFile(file("pa.dcm", pa!));
  const foreign = { ...own, name: "other.dcm", patientId: "MRN-SOMEONE-ELSE" };
  const anonymous = { ...own, name: "anon.dcm", patientId: null };

  it("needs nothing refiled when every file is the chart's", () => {
    expect(filesToRefile([own], chart, false)).toEqual([]);
  });

  it("refuses another patient's or an unnamed file without confirmation, naming the file and never its PatientID", () => {
    for (const bad of [foreign, anonymous]) {
      let refusal: unknown;
      try {
        filesToRefile([own, bad], chart, false);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toMatchObject({ code: "PATIENT_MISMATCH", status: 409, message: expect.stringContaining(`"${bad.name}"`) });
      expect((refusal as Error).message).not.toContain("MRN-SOMEONE-ELSE");
    }
  });

  it("with the physician's confirmation, refiles exactly the files not under the chart's MRN", () => {
    expect(filesToRefile([own, foreign, anonymous], chart, true)).toEqual([foreign, anonymous]);
  });
});

describe("withPatient", () => {
  it("replaces PatientID and PatientName and keeps everything else", () => {
    const before = readDicomFile(pa!);
    const after = readDicomFile(withPatient(pa!, { id: "MRN-NEW", name: "Lima^Ana" }));
    expect(after).toMatchObject({ PatientID: "MRN-NEW", PatientName: [{ Alphabetic: "Lima^Ana" }], SOPInstanceUID: before.SOPInstanceUID, StudyInstanceUID: before.StudyInstanceUID });
    expect((after.PixelData as ArrayBuffer[])[0]!.byteLength).toBe((before.PixelData as ArrayBuffer[])[0]!.byteLength);
  });
});
