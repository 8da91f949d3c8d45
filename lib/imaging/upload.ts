import "server-only";
import { z } from "zod";
import { auditActor, authorize, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { AppError } from "@/lib/http/app-error";
import { recordIdOf } from "@/lib/http/ids";
import { withPatient } from "./dicom-files";
import { dicomWebArchive } from "./dicomweb";
import { ImagingNotConfiguredError, ImagingUploadEmptyError, ImagingUploadsBusyError, ImagingStudyNotFoundError } from "./errors";
import { IMAGING_SETUP } from "./types";
import { checkDicomFile, filesToRefile, tooLarge, unpackUpload, type UploadedFile } from "./upload-checks";

// A physician uploads a study into the patient's chart. Every file is checked
// (DICOM, whole, within the limits, filed under the chart's MRN unless the
// physician confirmed the images are this patient's, in which case their
// patient identity is rewritten from the chart) before one STOW-RS request
// stores them all: one bad file and nothing is stored. Every attempt is
// audited: authorize() writes who asked, and the outcome follows with the
// refusal's code or what was stored.

export const uploadImagingInput = z.strictObject({
  patientId: recordIdOf("patient"),
  /** The physician confirmed "these images belong to <patient>" for files filed under another PatientID or none. */
  // A query parameter: any text in, a yes or no out.
  confirmPatient: z
    .string()
    .optional()
    .transform((value) => value ?? "false")
    .pipe(z.enum(["true", "false"], "Say whether the images are confirmed as this patient's."))
    .transform((value) => value === "true"),
});

/**
 * The request's body: its multipart/form-data type and a reader, called only
 * once the physician may upload (it refuses an oversized body as it reads).
 */
export interface UploadBody {
  contentType: string | null;
  read: () => Promise<Uint8Array>;
}

/**
 * Uploads one app instance checks and stores at once. An upload is held in
 * memory while its files are checked and stored, in several copies (the body,
 * its form's files, the files rewritten, the STOW-RS request) of up to
 * IMAGING_UPLOAD_BODY_BYTES: bounded, a burst of uploads cannot exhaust the
 * instance and stop its visits; the ones beyond are refused before their body is read.
 */
export const IMAGING_UPLOADS_AT_ONCE = 2;
let uploadsInProgress = 0;

/** The refusal of a body over IMAGING_UPLOAD_BODY_BYTES, found from its length or while it is read. */
export const uploadBodyTooLarge = (maxBytes: number) => tooLarge("The upload", maxBytes);

export interface ImagingUploadResult {
  studyInstanceUids: string[];
  fileCount: number;
  /** Files whose PatientID and PatientName were replaced with the chart's, on the physician's confirmation. */
  refiledCount: number;
}

/**
 * Stores the files of a multipart/form-data body (field "files", each DICOM or
 * a zip of DICOM) in the archive under the patient's chart.
 */
export async function uploadImagingStudy(
  db: Database,
  context: RequestContext,
  input: z.input<typeof uploadImagingInput>,
  body: UploadBody,
): Promise<ImagingUploadResult> {
  const { patientId, confirmPatient } = uploadImagingInput.parse(input);
  await authorize(db, context, "imaging.write", { type: "patient", patientId }, { detail: "upload" });
  const audit = (outcome: "ALLOWED" | "DENIED", reason: string, resourceId: string | null = null) =>
    recordAudit(db, { ...auditActor(context), action: "imaging.write", patientId, resourceType: "imagingStudy", resourceId, outcome, reason });
  let holdsSlot = false;
  try {
    const archive = dicomWebArchive();
    if (!archive) throw new ImagingNotConfiguredError(IMAGING_SETUP);
    if (uploadsInProgress >= IMAGING_UPLOADS_AT_ONCE) throw new ImagingUploadsBusyError();
    uploadsInProgress += 1;
    holdsSlot = true;
    const chart = await chartOf(db, patientId);
    const checked = unpackUpload(await filesOf(body.contentType, await body.read())).map(checkDicomFile);
    const refile = new Set(filesToRefile(checked, chart, confirmPatient));
    const dicomName = `${chart.familyName}^${chart.givenName}`;
    await archive.store(checked.map((file) => (refile.has(file) ? withPatient(file.bytes, { id: chart.mrn, name: dicomName }) : file.bytes)));
    const studyInstanceUids = [...new Set(checked.map((file) => file.studyInstanceUid))];
    const refiled = refile.size > 0 ? `; ${refile.size} refiled under this chart's MRN and name on the physician's confirmation` : "";
    await audit("ALLOWED", `stored ${checked.length} files${refiled}`, studyInstanceUids.join(" "));
    return { studyInstanceUids, fileCount: checked.length, refiledCount: refile.size };
  } catch (error) {
    if (error instanceof AppError) await audit("DENIED", `${error.code}: ${error.message}`);
    throw error;
  } finally {
    if (holdsSlot) uploadsInProgress -= 1;
  }
}

/** The files of the form's "files" field; a body that is not a form has none. */
async function filesOf(contentType: string | null, bytes: Uint8Array): Promise<UploadedFile[]> {
  const form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { "content-type": contentType ?? "" } }).formData().catch(() => null);
  if (!form) throw new ImagingUploadEmptyError();
  const files = form.getAll("files").filter((entry) => entry instanceof File);
  // One by one: a file is read only once the files before it were.
  const read: UploadedFile[] = [];
  for (const file of files) read.push({ name: file.name.slice(0, 200) || "unnamed file", bytes: new Uint8Array(await file.arrayBuffer()) });
  return read;
}

async function chartOf(db: Database, patientId: string) {
  const patient = await db.patient.findUnique({ where: { id: patientId }, select: { mrn: true, givenName: true, familyName: true } });
  // authorize() has allowed writing to this patient, so the row exists unless it was just deleted.
  if (!patient) throw new ImagingStudyNotFoundError();
  return { ...patient, name: `${patient.givenName} ${patient.familyName}` };
}
