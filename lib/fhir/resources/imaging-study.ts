import "server-only";
import type { Coding, Endpoint, ImagingStudy, ImagingStudySeries, ImagingStudySeriesInstance } from "@medplum/fhirtypes";
import type { Database } from "@/lib/db/prisma";
import { dicomWebArchive, numberOf, TAGS, textOf, type DicomJson, type DicomWebArchive } from "@/lib/imaging/dicomweb";
import type { Candidate, Source } from "../search/pager";
import { clinicBaseUrl } from "../systems";
import { ownMeta, reference } from "./common";

// ImagingStudy: each study the DICOM archive files under a patient's MRN, read
// through QIDO-RS when asked for (the archive is the record; nothing is
// copied). The id is the Study Instance UID (digits and dots, at most 64: a
// valid FHIR id). Its endpoint, a contained Endpoint, is the app's own
// DICOMweb proxy for that patient, never the archive: the archive listens on
// loopback only, and the proxy checks the access policy and audits each study
// opened. The proxy answers WADO-RS rendered requests
// (<address>/studies/<uid>/series/<uid>/instances/<uid>/rendered, PNG) to a
// signed-in user.

const DCM = "http://dicom.nema.org/resources/ontology/DCM";
const ENDPOINT_ID = "dicomweb";

/** DICOM Body Part Examined → SNOMED CT (the bodySite binding); others are left out. */
const BODY_SITES: Readonly<Record<string, Coding>> = {
  CHEST: { system: "http://snomed.info/sct", code: "51185008", display: "Thoracic structure" },
  ABDOMEN: { system: "http://snomed.info/sct", code: "818983003", display: "Abdomen" },
  HEAD: { system: "http://snomed.info/sct", code: "69536005", display: "Head structure" },
  PELVIS: { system: "http://snomed.info/sct", code: "816092008", display: "Pelvis" },
  KNEE: { system: "http://snomed.info/sct", code: "72696002", display: "Knee region structure" },
};

/** A study as QIDO-RS returns it: the study, its series and each one's instances. */
export interface ArchivedStudy {
  study: DicomJson;
  series: { series: DicomJson; instances: DicomJson[] }[];
}

const oid = (uid: string) => `urn:oid:${uid}`;
const modality = (code: string): Coding => ({ system: DCM, code });

/** The app's DICOMweb base for the patient's studies (WADO-RS through the access policy). */
export function imagingEndpoint(patientId: string): Endpoint {
  return {
    resourceType: "Endpoint",
    id: ENDPOINT_ID,
    status: "active",
    connectionType: { system: "http://terminology.hl7.org/CodeSystem/endpoint-connection-type", code: "dicom-wado-rs" },
    name: "Clinic DICOMweb (WADO-RS rendered images, signed-in users)",
    payloadType: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", code: "DICOM WADO-RS", display: "DICOM WADO-RS" }] }],
    payloadMimeType: ["image/png"],
    address: `${clinicBaseUrl()}/api/patients/${patientId}/imaging`,
  };
}

/** YYYYMMDD as a FHIR date; the study time is left out (DICOM times carry no zone). */
function studyDate(study: DicomJson): string | undefined {
  const date = textOf(study, TAGS.StudyDate);
  return date && /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : undefined;
}

function seriesOf({ series, instances }: ArchivedStudy["series"][number]): ImagingStudySeries | null {
  const uid = textOf(series, TAGS.SeriesInstanceUID);
  if (uid === null) return null;
  const number = numberOf(series, TAGS.SeriesNumber);
  const description = textOf(series, TAGS.SeriesDescription);
  const bodySite = BODY_SITES[textOf(series, TAGS.BodyPartExamined)?.toUpperCase() ?? ""];
  const instance = (dataset: DicomJson): ImagingStudySeriesInstance | null => {
    const sopInstance = textOf(dataset, TAGS.SOPInstanceUID);
    const sopClass = textOf(dataset, TAGS.SOPClassUID);
    if (sopInstance === null || sopClass === null) return null;
    const instanceNumber = numberOf(dataset, TAGS.InstanceNumber);
    return { uid: sopInstance, sopClass: { system: "urn:ietf:rfc:3986", code: oid(sopClass) }, ...(instanceNumber === null ? {} : { number: instanceNumber }) };
  };
  const listed = instances.map(instance).filter((item) => item !== null);
  return {
    uid,
    ...(number === null ? {} : { number }),
    // Modality is required of every series (DICOM type 1); "OT" (other) if an archive leaves it out.
    modality: modality(textOf(series, TAGS.Modality) ?? "OT"),
    ...(description ? { description } : {}),
    numberOfInstances: listed.length,
    ...(bodySite ? { bodySite } : {}),
    instance: listed,
  };
}

/** A study in the archive as a FHIR ImagingStudy of the patient, its endpoint contained. Pure. */
export function toImagingStudy(archived: ArchivedStudy, patientId: string): ImagingStudy {
  const uid = textOf(archived.study, TAGS.StudyInstanceUID)!;
  const series = archived.series.map(seriesOf).filter((item) => item !== null);
  const modalities = [...new Set(series.map((item) => item.modality.code!))];
  const started = studyDate(archived.study);
  const description = textOf(archived.study, TAGS.StudyDescription);
  return {
    resourceType: "ImagingStudy",
    id: uid,
    // The archive keeps no change time a QIDO query returns: the study's date stands for it.
    meta: ownMeta(new Date(started ?? 0)),
    contained: [imagingEndpoint(patientId)],
    identifier: [{ system: "urn:dicom:uid", value: oid(uid) }],
    status: "available",
    ...(modalities.length > 0 ? { modality: modalities.map(modality) } : {}),
    subject: reference("Patient", patientId),
    ...(started ? { started } : {}),
    endpoint: [{ reference: `#${ENDPOINT_ID}` }],
    numberOfSeries: series.length,
    numberOfInstances: series.reduce((sum, item) => sum + (item.numberOfInstances ?? 0), 0),
    ...(description ? { description } : {}),
    series,
  };
}

/** The archive's studies in the scope, each with its patient (exact MRN matches only: QIDO may match loosely). */
async function studiesInScope(db: Database, archive: DicomWebArchive, scope: { ids: string[] | null; patientIds: string[] | null }): Promise<{ study: DicomJson; patientId: string }[]> {
  const include = [TAGS.StudyDescription, TAGS.PatientID];
  const patients = scope.patientIds ? await db.patient.findMany({ where: { id: { in: scope.patientIds } }, select: { id: true, mrn: true } }) : null;
  const queries: Record<string, string>[] = scope.ids
    ? scope.ids.map((uid) => ({ StudyInstanceUID: uid }))
    : patients
      ? patients.map((patient) => ({ PatientID: patient.mrn }))
      : [{}];
  const found = (await Promise.all(queries.map((match) => archive.searchStudies(match, include)))).flat();
  const owners = patients ?? (await db.patient.findMany({ where: { mrn: { in: found.map((study) => textOf(study, TAGS.PatientID) ?? "") } }, select: { id: true, mrn: true } }));
  const byMrn = new Map(owners.map((patient) => [patient.mrn, patient.id]));
  return found.flatMap((study) => {
    const uid = textOf(study, TAGS.StudyInstanceUID);
    const patientId = byMrn.get(textOf(study, TAGS.PatientID) ?? "");
    if (uid === null || patientId === undefined || (scope.ids && !scope.ids.includes(uid))) return [];
    return [{ study, patientId }];
  });
}

/** The clinic's studies: read from the archive on each request, in Study UID order; none when no archive is configured. */
export const imagingStudySource: Source = {
  async scan(db, scope, range): Promise<Candidate[]> {
    const archive = dicomWebArchive();
    if (!archive) return [];
    const uidOf = (study: DicomJson) => textOf(study, TAGS.StudyInstanceUID)!;
    const selected = (await studiesInScope(db, archive, scope))
      .filter(({ study }) => range.from === null || (range.descending ? uidOf(study) < range.from : uidOf(study) > range.from))
      .sort((a, b) => (range.descending ? -1 : 1) * (uidOf(a.study) < uidOf(b.study) ? -1 : uidOf(a.study) > uidOf(b.study) ? 1 : 0))
      .slice(0, range.limit);
    return Promise.all(
      selected.map(async ({ study, patientId }) => ({
        id: uidOf(study),
        resource: toImagingStudy({ study, series: await archive.seriesWithInstances(uidOf(study)) }, patientId),
        patientId,
      })),
    );
  },
};
