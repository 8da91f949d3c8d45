import { AppError } from "@/lib/http/app-error";

// What the imaging functions refuse. Malformed UIDs are a ZodError (400);
// authorization refusals stay AccessDeniedError.

/** No DICOM archive is configured (DICOMWEB_URL), so there is no imaging to show. */
export class ImagingNotConfiguredError extends AppError {
  override name = "ImagingNotConfiguredError";
  readonly status = 503;
  readonly code = "IMAGING_NOT_CONFIGURED";
}

/** The archive did not answer, or answered with an error: nothing is shown rather than something partial. */
export class ImagingArchiveUnavailableError extends AppError {
  override name = "ImagingArchiveUnavailableError";
  readonly status = 503;
  readonly code = "IMAGING_ARCHIVE_UNAVAILABLE";
}

/**
 * The study is not in this patient's chart: missing from the archive, or
 * another patient's (its PatientID is not this patient's MRN). Both answer
 * alike, so the answer tells nothing about other patients' studies.
 */
export class ImagingStudyNotFoundError extends AppError {
  override name = "ImagingStudyNotFoundError";
  readonly status = 404;
  readonly code = "STUDY_NOT_FOUND";
  constructor() {
    super("That study is not in this patient's chart.");
  }
}

/**
 * This instance is already storing as many uploads as it holds in memory at
 * once (IMAGING_UPLOADS_AT_ONCE): the physician retries in a moment.
 */
export class ImagingUploadsBusyError extends AppError {
  override name = "ImagingUploadsBusyError";
  readonly status = 503;
  readonly code = "IMAGING_UPLOADS_BUSY";
  constructor() {
    super("Other image uploads are being stored right now. Nothing was stored: please try again in a minute.");
  }

  override headers() {
    return { "Retry-After": "30" };
  }
}

// An upload's refusals name the file (as the physician's computer or the zip
// called it) and the reason; nothing of the upload is stored.

/** A file of the upload is not DICOM Part 10 (no "DICM" after the preamble, or not a dataset at all). */
export class DicomNotDicomError extends AppError {
  override name = "DicomNotDicomError";
  readonly status = 415;
  readonly code = "NOT_DICOM";
  constructor(fileName: string) {
    super(`"${fileName}" is not a DICOM file. Nothing was stored.`);
  }
}

/** A file of the upload starts as DICOM but its dataset ends early or is damaged. */
export class DicomTruncatedError extends AppError {
  override name = "DicomTruncatedError";
  readonly status = 422;
  readonly code = "DICOM_TRUNCATED";
  constructor(fileName: string, what: string) {
    super(`"${fileName}" is truncated or damaged (${what}). Nothing was stored.`);
  }
}

/**
 * A file's PatientID is not this chart's MRN (or it has none), and the
 * physician did not confirm the images are this patient's. The file's own
 * PatientID is never repeated: it may be another patient's MRN.
 */
export class ImagingPatientMismatchError extends AppError {
  override name = "ImagingPatientMismatchError";
  readonly status = 409;
  readonly code = "PATIENT_MISMATCH";
  constructor(
    fileName: string,
    readonly patientName: string,
  ) {
    super(
      `"${fileName}" is not filed under this chart's MRN. Nothing was stored. If these images are ${patientName}'s, confirm that and upload again: their patient ID and name are then replaced with this chart's.`,
    );
  }

  /** Whom the physician confirms the images belong to. */
  protected override details() {
    return { patientName: this.patientName };
  }
}

/** A file, or the upload as a whole (a zip by what it unpacks to), is over IMAGING_UPLOAD_LIMITS. */
export class ImagingUploadTooLargeError extends AppError {
  override name = "ImagingUploadTooLargeError";
  readonly status = 413;
  readonly code = "UPLOAD_TOO_LARGE";
}

/** A zip that cannot be unpacked safely: unreadable, encrypted, or naming paths outside itself. */
export class ImagingZipRefusedError extends AppError {
  override name = "ImagingZipRefusedError";
  readonly status = 422;
  readonly code = "ZIP_REFUSED";
  constructor(fileName: string, why: string) {
    super(`"${fileName}" cannot be unpacked: ${why}. Nothing was stored.`);
  }
}

/** The upload has no files in it. */
export class ImagingUploadEmptyError extends AppError {
  override name = "ImagingUploadEmptyError";
  readonly status = 400;
  readonly code = "NO_FILES";
  constructor() {
    super("Choose DICOM files or a zip of them to upload.");
  }
}
