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
