import { describe, expect, it } from "vitest";
import { imagingImportEndpoints } from "@/lib/imaging/dicomweb";
import { importedImagingStudy } from "./imaging-study";
import type { FhirJson, ImportEntry } from "./input";

// Which outside ImagingStudy records are kept, and what the chart lists of them.

const PACS = "https://pacs.example.org/dicom-web";
const endpoint = (address: string, code = "dicom-wado-rs") => ({ resourceType: "Endpoint", id: "pacs", status: "active", connectionType: { code }, address });
const study = (extra: Partial<FhirJson> = {}): ImportEntry => ({
  path: "Bundle.entry[1].resource",
  fullUrl: "urn:uuid:study",
  resource: {
    resourceType: "ImagingStudy",
    status: "available",
    subject: { reference: "Patient/p1" },
    identifier: [{ system: "urn:dietf:rfc:3986", value: "urn:oid:2.25.1234" }],
    description: "CT chest",
    started: "2026-10-02T09:30:00Z",
    series: [{ uid: "2.25.1235", modality: { code: "CT" } }],
    contained: [endpoint(`${PACS}/`)],
    endpoint: [{ reference: "#pacs" }],
    ...extra,
  },
});

describe("an imported ImagingStudy", () => {
  it("is kept with its UID, description, modality, start and the allowed endpoint base", () => {
    expect(importedImagingStudy(study(), [], [PACS])).toEqual({
      fields: { studyInstanceUid: "2.25.1234", description: "CT chest", modality: "CT", startedAt: new Date("2026-10-02T09:30:00Z"), endpointBase: PACS },
    });
  });

  it("may name an Endpoint elsewhere in the import", () => {
    const elsewhere: ImportEntry = { path: "Bundle.entry[2].resource", fullUrl: "urn:uuid:ep", resource: endpoint(PACS) };
    const found = importedImagingStudy(study({ contained: undefined, endpoint: [{ reference: "urn:uuid:ep" }] }), [elsewhere], [PACS]);
    expect(found).toMatchObject({ fields: { endpointBase: PACS } });
  });

  it("is refused when its endpoint is not on the allow-list, or there is no allow-list", () => {
    expect(importedImagingStudy(study(), [], ["https://other.example.org/dicom-web"])).toEqual({
      issue: { code: "invalid", diagnostics: expect.stringContaining("not one of the endpoints this clinic accepts"), expression: ["Bundle.entry[1].resource.endpoint"] },
    });
    expect(importedImagingStudy(study(), [], [])).toMatchObject({ issue: { diagnostics: expect.stringContaining("IMAGING_IMPORT_ENDPOINTS is empty") } });
  });

  it("is refused without a WADO-RS endpoint or a DICOM study UID", () => {
    expect(importedImagingStudy(study({ contained: [endpoint(PACS, "hl7-fhir-rest")] }), [], [PACS])).toMatchObject({ issue: { expression: ["Bundle.entry[1].resource.endpoint"] } });
    expect(importedImagingStudy(study({ identifier: [{ value: "ACC-1" }] }), [], [PACS])).toMatchObject({ issue: { expression: ["Bundle.entry[1].resource.identifier"] } });
  });
});

describe("IMAGING_IMPORT_ENDPOINTS", () => {
  it("is a comma-separated list of bases, trailing slashes ignored, credentials kept apart; unset is none", () => {
    const env = { IMAGING_IMPORT_ENDPOINTS: ` ${PACS}/ , http://clinic:s%40cret@127.0.0.1:8042/dicom-web,` } as unknown as NodeJS.ProcessEnv;
    expect(imagingImportEndpoints(env)).toEqual([{ url: PACS }, { url: "http://127.0.0.1:8042/dicom-web", username: "clinic", password: "s@cret" }]);
    expect(imagingImportEndpoints({} as unknown as NodeJS.ProcessEnv)).toEqual([]);
  });
});
