import { randomUUID } from "node:crypto";
import { demoStudy } from "../demo-studies";
import { writeDicomFile } from "../dicom-files";
import { uidFor } from "../uids";

// DICOM files for upload tests: the demo PA chest radiograph, as a new study
// each time (fresh UIDs, the description given) filed under the PatientID
// given, or none. Written with the app's own builder (lib/imaging).

export function uploadableXray(patientId: string | null, description: string): Uint8Array {
  const [pa] = demoStudy({ mrn: patientId ?? "", givenName: "Test", familyName: "Upload", dateOfBirth: "1980-01-01", sex: "UNKNOWN" }, "xr-chest", new Date()).instances();
  const key = randomUUID();
  const dataset = { ...pa!, StudyInstanceUID: uidFor(`${key}/study`), SeriesInstanceUID: uidFor(`${key}/series`), SOPInstanceUID: uidFor(`${key}/instance`), StudyDescription: description };
  if (patientId === null) delete (dataset as Record<string, unknown>).PatientID;
  return writeDicomFile(dataset);
}
