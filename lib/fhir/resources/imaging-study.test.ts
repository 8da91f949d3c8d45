import { describe, expect, it } from "vitest";
import type { DicomJson } from "@/lib/imaging/dicomweb";
import { validationIssues } from "../definitions";
import { toImagingStudy, type ArchivedStudy } from "./imaging-study";

// A study as Orthanc's QIDO-RS answers it (DICOM JSON), mapped to a FHIR
// ImagingStudy and checked against the R4 structure definitions.

const text = (vr: string, value: string | number): { vr: string; Value: unknown[] } => ({ vr, Value: [value] });
const STUDY_UID = "1.2.826.0.1.3680043.8.498.1";
const CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";

function instance(number: number): DicomJson {
  return { "00080016": text("UI", CT_IMAGE), "00080018": text("UI", `${STUDY_UID}.1.${number}`), "00200013": text("IS", number) };
}

const ct: ArchivedStudy = {
  study: {
    "0020000D": text("UI", STUDY_UID),
    "00080020": text("DA", "20261124"),
    "00081030": text("LO", "CT chest without contrast"),
    "00100020": text("LO", "MRN-000001"),
  },
  series: [
    {
      series: { "0020000E": text("UI", `${STUDY_UID}.1`), "00200011": text("IS", 1), "00080060": text("CS", "CT"), "0008103E": text("LO", "Axial 2.5 mm"), "00180015": text("CS", "CHEST") },
      // An instance without its SOP class cannot be described: left out, not invented.
      instances: [instance(1), instance(2), { "00080018": text("UI", `${STUDY_UID}.1.9`) }],
    },
    { series: { "0020000E": text("UI", `${STUDY_UID}.2`), "00200011": text("IS", 2), "00180015": text("CS", "ELBOW") }, instances: [instance(3)] },
  ],
};

describe("an archived study as a FHIR ImagingStudy", () => {
  it("carries the Study UID, the patient, the date, each series with its instances, and counts", () => {
    const study = toImagingStudy(ct, "pat-1");
    expect(study).toMatchObject({
      resourceType: "ImagingStudy",
      id: STUDY_UID,
      identifier: [{ system: "urn:dicom:uid", value: `urn:oid:${STUDY_UID}` }],
      status: "available",
      subject: { reference: "Patient/pat-1" },
      started: "2026-11-24",
      description: "CT chest without contrast",
      modality: [{ system: "http://dicom.nema.org/resources/ontology/DCM", code: "CT" }, { code: "OT" }],
      numberOfSeries: 2,
      numberOfInstances: 3,
    });
    expect(study.series![0]).toMatchObject({
      uid: `${STUDY_UID}.1`,
      number: 1,
      modality: { code: "CT" },
      description: "Axial 2.5 mm",
      bodySite: { system: "http://snomed.info/sct", code: "51185008" },
      numberOfInstances: 2,
      instance: [
        { uid: `${STUDY_UID}.1.1`, number: 1, sopClass: { system: "urn:ietf:rfc:3986", code: `urn:oid:${CT_IMAGE}` } },
        { uid: `${STUDY_UID}.1.2`, number: 2 },
      ],
    });
    // A body part with no SNOMED mapping here is left out rather than guessed.
    expect(study.series![1]!.bodySite).toBeUndefined();
  });

  it("points at the patient's DICOMweb endpoint of the app (WADO-RS), contained", () => {
    const study = toImagingStudy(ct, "pat-1");
    expect(study.endpoint).toEqual([{ reference: "#dicomweb" }]);
    expect(study.contained).toEqual([
      expect.objectContaining({
        resourceType: "Endpoint",
        id: "dicomweb",
        status: "active",
        connectionType: { system: "http://terminology.hl7.org/CodeSystem/endpoint-connection-type", code: "dicom-wado-rs" },
        address: expect.stringMatching(/\/api\/patients\/pat-1\/imaging$/),
      }),
    ]);
  });

  // The first validation in a process loads the R4 definitions (seconds on a busy machine).
  it("is valid FHIR R4", () => {
    expect(validationIssues(toImagingStudy(ct, "pat-1"))).toEqual([]);
  }, 30_000);
});
