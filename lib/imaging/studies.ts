import "server-only";
import { z } from "zod";
import { auditActor, authorize, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { recordIdOf } from "@/lib/http/ids";
import { dicomWebArchive, importedStudyArchive, numberOf, TAGS, textOf, textsOf, type DicomJson, type DicomWebArchive } from "./dicomweb";
import { ImagingArchiveUnavailableError, ImagingNotConfiguredError, ImagingStudyNotFoundError } from "./errors";
import { IMAGING_SETUP, WINDOW_PRESET_NAMES, WINDOW_PRESETS, type ImagingSeriesGeometry, type ImagingStudiesView, type ImagingStudyImages, type ImagingStudyView } from "./types";
import { dicomUid } from "./uids";

// The chart's imaging: the patient's studies in the DICOM archive, found by
// their PatientID (the patient's MRN), with the radiology reports kept in the
// chart. Every read authorizes "imaging.read" on the patient, audited. A study
// named in a request is opened only when the archive says its PatientID is
// this patient's MRN: a study UID from the browser alone proves nothing.

export const imagingStudiesInput = z.strictObject({ patientId: recordIdOf("patient") });
export const imagingStudyInput = imagingStudiesInput.extend({ studyUid: dicomUid });
export const imagingFrameInput = imagingStudyInput.extend({
  seriesUid: dicomUid,
  instanceUid: dicomUid,
  // A query parameter: any text in, one of the presets out.
  preset: z
    .string()
    .optional()
    .transform((preset) => preset ?? "default")
    .pipe(z.enum(WINDOW_PRESET_NAMES, "That is not a window preset.")),
});

/** The patient's studies, newest first, each with its series, its report and the previous study to compare with. */
export async function listImagingStudies(db: Database, context: RequestContext, input: z.input<typeof imagingStudiesInput>): Promise<ImagingStudiesView> {
  const { patientId } = imagingStudiesInput.parse(input);
  await authorize(db, context, "imaging.read", { type: "patient", patientId });
  const archive = dicomWebArchive();
  if (!archive) return { configured: false, setup: IMAGING_SETUP };
  const mrn = await mrnOf(db, patientId);
  const found = await archive.searchStudies({ PatientID: mrn }, [TAGS.StudyDescription, TAGS.ModalitiesInStudy, TAGS.NumberOfStudyRelatedInstances, TAGS.PatientID]);
  // QIDO matching may be wildcard or fuzzy in some archives: keep only exact matches.
  const own = found.filter((study) => textOf(study, TAGS.PatientID) === mrn && textOf(study, TAGS.StudyInstanceUID) !== null);
  const reports = await db.imagingReport.findMany({
    where: { patientId, studyInstanceUid: { in: own.map((study) => textOf(study, TAGS.StudyInstanceUID)!) } },
  });
  const studies = await Promise.all(own.map((study) => studyView(archive, study, reports)));
  studies.sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
  return { configured: true, studies: withPrevious(studies) };
}

async function studyView(archive: DicomWebArchive, study: DicomJson, reports: { studyInstanceUid: string; title: string; findings: string; impression: string; radiologist: string; issuedAt: Date }[]): Promise<ImagingStudyView> {
  const studyInstanceUid = textOf(study, TAGS.StudyInstanceUID)!;
  const series = (await archive.searchSeries(studyInstanceUid)).map((item) => ({
    seriesInstanceUid: textOf(item, TAGS.SeriesInstanceUID) ?? "",
    number: numberOf(item, TAGS.SeriesNumber),
    description: textOf(item, TAGS.SeriesDescription),
    modality: textOf(item, TAGS.Modality),
    imageCount: numberOf(item, TAGS.NumberOfSeriesRelatedInstances) ?? 0,
    bodyPart: textOf(item, TAGS.BodyPartExamined),
  }));
  series.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
  const report = reports.find((row) => row.studyInstanceUid === studyInstanceUid);
  const date = textOf(study, TAGS.StudyDate);
  return {
    studyInstanceUid,
    date: date && /^\d{8}$/.test(date) ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : null,
    modalities: textsOf(study, TAGS.ModalitiesInStudy),
    bodyPart: series.find((item) => item.bodyPart)?.bodyPart ?? null,
    description: textOf(study, TAGS.StudyDescription),
    imageCount: numberOf(study, TAGS.NumberOfStudyRelatedInstances) ?? series.reduce((sum, item) => sum + item.imageCount, 0),
    series: series.map((item) => ({ seriesInstanceUid: item.seriesInstanceUid, number: item.number, description: item.description, modality: item.modality, imageCount: item.imageCount })),
    report: report
      ? { title: report.title, findings: report.findings, impression: report.impression, radiologist: report.radiologist, issuedAt: report.issuedAt.toISOString() }
      : null,
    previousStudyUid: null,
  };
}

/** Each study's previous one (the studies are newest first): the next older of the same modalities and body part. */
export function withPrevious(studies: ImagingStudyView[]): ImagingStudyView[] {
  const kind = (study: ImagingStudyView) => `${[...study.modalities].sort().join("+")}|${study.bodyPart ?? ""}`;
  return studies.map((study, index) => ({
    ...study,
    previousStudyUid: studies.slice(index + 1).find((older) => kind(older) === kind(study))?.studyInstanceUid ?? null,
  }));
}

/** A study opened in the viewer (audited as opened): its series and their instances in order. */
export async function openImagingStudy(db: Database, context: RequestContext, input: z.input<typeof imagingStudyInput>): Promise<ImagingStudyImages> {
  const { patientId, studyUid } = imagingStudyInput.parse(input);
  const archive = await authorizeStudy(db, context, patientId, studyUid, `opened study ${studyUid}`);
  const series = await Promise.all(
    (await archive.seriesWithInstances(studyUid)).map(async ({ series: item, instances }) => {
      const seriesInstanceUid = textOf(item, TAGS.SeriesInstanceUID) ?? "";
      const instanceUids = instances.map((instance) => textOf(instance, TAGS.SOPInstanceUID)).filter((uid) => uid !== null);
      return {
        seriesInstanceUid,
        number: numberOf(item, TAGS.SeriesNumber),
        description: textOf(item, TAGS.SeriesDescription),
        modality: textOf(item, TAGS.Modality),
        imageCount: instances.length,
        instanceUids,
        geometry: instanceUids[0] ? geometryOf(await archive.instanceMetadata({ studyUid, seriesUid: seriesInstanceUid, instanceUid: instanceUids[0] })) : null,
      };
    }),
  );
  return { studyInstanceUid: studyUid, series };
}

/** A series' pixel grid from its first image's metadata (a series of one acquisition shares it); null without a size. */
export function geometryOf(metadata: DicomJson | null): ImagingSeriesGeometry | null {
  const rows = metadata && numberOf(metadata, TAGS.Rows);
  const columns = metadata && numberOf(metadata, TAGS.Columns);
  if (!metadata || !rows || !columns) return null;
  const spacing = textsOf(metadata, TAGS.PixelSpacing).map(Number);
  const valid = spacing.length === 2 && spacing.every((value) => Number.isFinite(value) && value > 0);
  return { rows, columns, pixelSpacingMm: valid ? [spacing[0]!, spacing[1]!] : null };
}

/** One image of a study, rendered as PNG with a window preset. */
export async function imagingFrame(db: Database, context: RequestContext, input: z.input<typeof imagingFrameInput>): Promise<Buffer> {
  const { patientId, studyUid, seriesUid, instanceUid, preset } = imagingFrameInput.parse(input);
  const archive = await authorizeStudy(db, context, patientId, studyUid, `image ${instanceUid} of study ${studyUid}`);
  return archive.renderedFrame({ studyUid, seriesUid, instanceUid }, WINDOW_PRESETS[preset]);
}

/**
 * Authorizes reading the patient's imaging (audited with what was asked for),
 * then makes sure the archive (the clinic's, or an imported study's source) files the study under this patient's MRN; a
 * study that is missing or another patient's is refused alike, audited.
 */
async function authorizeStudy(db: Database, context: RequestContext, patientId: string, studyUid: string, detail: string): Promise<DicomWebArchive> {
  await authorize(db, context, "imaging.read", { type: "patient", patientId }, { detail });
  // An imported study is read from its source's endpoint, checked the same way.
  const imported = await db.importedImagingStudy.findFirst({ where: { patientId, studyInstanceUid: studyUid }, select: { endpointBase: true } });
  const archive = imported ? importedStudyArchive(imported.endpointBase) : dicomWebArchive();
  if (imported && !archive) throw new ImagingArchiveUnavailableError("This study's source is no longer one the clinic reads imaging from.");
  if (!archive) throw new ImagingNotConfiguredError(IMAGING_SETUP);
  const [mrn, studyPatientId] = await Promise.all([mrnOf(db, patientId), archive.patientIdOf(studyUid)]);
  if (studyPatientId === null || studyPatientId !== mrn) {
    await recordAudit(db, {
      ...auditActor(context),
      action: "imaging.read",
      patientId,
      resourceType: "imagingStudy",
      resourceId: studyUid,
      outcome: "DENIED",
      reason: studyPatientId === null ? "study not in the archive" : "study filed under another patient",
    });
    throw new ImagingStudyNotFoundError();
  }
  return archive;
}

async function mrnOf(db: Database, patientId: string): Promise<string> {
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: { mrn: true } });
  // authorize() has allowed access to this patient, so the row exists unless it was just deleted.
  if (!patient) throw new ImagingStudyNotFoundError();
  return patient.mrn;
}
