import "server-only";
import { authorize, type RequestContext } from "@/lib/auth/access";
import type { Database } from "@/lib/db/prisma";
import { importedStudyArchive } from "./dicomweb";
import { imagingStudiesInput } from "./studies";
import type { ImportedImagingStudyView } from "./types";

// Imaging studies imported from outside sources (lib/fhir/import keeps those
// whose DICOMweb endpoint is on IMAGING_IMPORT_ENDPOINTS). Each is listed with
// its source, and asked of that source when listed: one that does not answer,
// is no longer on IMAGING_IMPORT_ENDPOINTS, or no longer files the study under this patient's MRN, is listed as
// unavailable rather than failing the whole list. Opening one goes through the
// same imaging routes as the clinic's own (lib/imaging/studies.ts).

/** How long the list waits for an outside source before calling it unavailable. */
const SOURCE_TIMEOUT_MS = 5_000;

/** The patient's imported studies, newest first, each with whether its source answers for it. */
export async function listImportedImagingStudies(db: Database, context: RequestContext, input: { patientId: string }): Promise<ImportedImagingStudyView[]> {
  const { patientId } = imagingStudiesInput.parse(input);
  await authorize(db, context, "imaging.read", { type: "patient", patientId });
  const [patient, rows] = await Promise.all([
    db.patient.findUnique({ where: { id: patientId }, select: { mrn: true } }),
    db.importedImagingStudy.findMany({ where: { patientId }, orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { importedAt: "desc" }] }),
  ]);
  return Promise.all(
    rows.map(async (row) => ({
      studyInstanceUid: row.studyInstanceUid,
      description: row.description,
      modality: row.modality,
      date: row.startedAt ? row.startedAt.toISOString().slice(0, 10) : null,
      source: row.sourceLabel,
      available: await (importedStudyArchive(row.endpointBase, SOURCE_TIMEOUT_MS)?.patientIdOf(row.studyInstanceUid) ?? Promise.resolve(null)).then(
        (studyPatientId) => studyPatientId !== null && studyPatientId === patient?.mrn,
        () => false,
      ),
    })),
  );
}
