import { unzipSync } from "fflate";
import { AppError } from "@/lib/http/app-error";
import { hasNativePixels, readDicomFile } from "./dicom-files";
import { DicomNotDicomError, DicomTruncatedError, ImagingPatientMismatchError, ImagingUploadEmptyError, ImagingUploadTooLargeError, ImagingZipRefusedError } from "./errors";
import { IMAGING_UPLOAD_LIMITS } from "./types";

// The checks every file of an upload passes before anything is stored (pure:
// bytes in, the files' facts out, or the refusal naming the first bad file).
// A zip is unpacked in memory by what its directory declares, so a zip bomb is
// refused before it is inflated, and a lying directory only yields a shorter
// (then damaged) file; its entry names are never used as paths on disk, and
// names that climb out of it are refused all the same.

export type UploadLimits = { fileBytes: number; uploadBytes: number; files: number };

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** A file that is DICOM: its bytes and what the upload needs of it. */
export interface CheckedDicomFile extends UploadedFile {
  patientId: string | null;
  studyInstanceUid: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const PREAMBLE_BYTES = 128;
/** Finder and Explorer leftovers, and the media directory: in zips of studies, never images. */
const SKIPPED_ENTRY = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|DICOMDIR$)/i;

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) => magic.every((byte, index) => bytes[at + index] === byte);
const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export function tooLarge(what: string, limit: number): ImagingUploadTooLargeError {
  return new ImagingUploadTooLargeError(`${what} is over the limit of ${megabytes(limit)}. Nothing was stored.`);
}

/** The upload's files with every zip unpacked, within the limits; throws on the first that breaks one. */
export function unpackUpload(files: readonly UploadedFile[], limits: UploadLimits = IMAGING_UPLOAD_LIMITS): UploadedFile[] {
  const unpacked: UploadedFile[] = [];
  let total = 0;
  const add = (file: UploadedFile, size: number) => {
    if (size > limits.fileBytes) throw tooLarge(`"${file.name}"`, limits.fileBytes);
    total += size;
    if (total > limits.uploadBytes) throw tooLarge("The upload", limits.uploadBytes);
    if (unpacked.length >= limits.files) throw new ImagingUploadTooLargeError(`The upload has more than ${limits.files} files. Nothing was stored.`);
    unpacked.push(file);
  };
  for (const file of files) {
    if (!startsWith(file.bytes, ZIP_MAGIC)) {
      add(file, file.bytes.byteLength);
      continue;
    }
    for (const entry of unzip(file, limits, () => total)) add(entry, entry.bytes.byteLength);
  }
  if (unpacked.length === 0) throw new ImagingUploadEmptyError();
  return unpacked;
}

function unzip(zip: UploadedFile, limits: UploadLimits, totalSoFar: () => number): UploadedFile[] {
  let declared = totalSoFar();
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip.bytes, {
      filter: (entry) => {
        if (entry.name.endsWith("/") || SKIPPED_ENTRY.test(entry.name)) return false;
        if (!isSafeEntryName(entry.name)) throw new ImagingZipRefusedError(zip.name, `it names a path outside itself ("${entry.name.slice(0, 100)}")`);
        // Refused by the sizes the zip declares, before a byte is inflated.
        if (entry.originalSize > limits.fileBytes) throw tooLarge(`"${zip.name}/${entry.name}"`, limits.fileBytes);
        declared += entry.originalSize;
        if (declared > limits.uploadBytes) throw tooLarge("The upload (unpacked)", limits.uploadBytes);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new ImagingZipRefusedError(zip.name, "it is not a readable zip (damaged, or encrypted)");
  }
  return Object.entries(entries).map(([name, bytes]) => ({ name: `${zip.name}/${name}`, bytes }));
}

/** A relative path that stays inside the zip: no leading slash or drive, no "..", no backslashes or control characters. */
export function isSafeEntryName(name: string): boolean {
  if (name.length === 0 || name.length > 500 || /[\\\u0000-\u001f]/.test(name) || name.startsWith("/") || /^[a-z]:/i.test(name)) return false;
  return name.split("/").every((part) => part !== "..");
}

/** The file as DICOM Part 10, with its PatientID and study; NOT_DICOM or DICOM_TRUNCATED otherwise. */
export function checkDicomFile(file: UploadedFile): CheckedDicomFile {
  if (file.bytes.byteLength < PREAMBLE_BYTES + 4 || !startsWith(file.bytes, [0x44, 0x49, 0x43, 0x4d], PREAMBLE_BYTES)) throw new DicomNotDicomError(file.name);
  let dataset: Record<string, unknown>;
  let native: boolean;
  try {
    dataset = readDicomFile(file.bytes);
    native = hasNativePixels(file.bytes);
  } catch {
    throw new DicomTruncatedError(file.name, "its dataset ends before its elements do");
  }
  const uid = (keyword: string) => (typeof dataset[keyword] === "string" && dataset[keyword] !== "" ? (dataset[keyword] as string) : null);
  const studyInstanceUid = uid("StudyInstanceUID");
  if (!studyInstanceUid || !uid("SeriesInstanceUID") || !uid("SOPInstanceUID")) throw new DicomTruncatedError(file.name, "it has no study, series or instance UID");
  // dcmjs stops quietly where a file ends between elements: an image's header without its pixels.
  if (Number(dataset.Rows) > 0 && dataset.PixelData === undefined) throw new DicomTruncatedError(file.name, "its image data is missing");
  const shortBy = native ? missingPixelBytes(dataset) : 0;
  if (shortBy > 0) throw new DicomTruncatedError(file.name, `its image is ${shortBy} bytes short`);
  return { ...file, patientId: uid("PatientID"), studyInstanceUid };
}

/**
 * How many bytes native (uncompressed) pixel data lacks of what the image's
 * size says: dcmjs reads a value cut short without complaint (encapsulated
 * pixel data is framed by items, which dcmjs refuses when cut).
 */
function missingPixelBytes(dataset: Record<string, unknown>): number {
  const pixels = dataset.PixelData;
  if (!Array.isArray(pixels) || pixels.length !== 1 || !(pixels[0] instanceof ArrayBuffer)) return 0;
  const count = (keyword: string, otherwise: number) => {
    const value = Number(dataset[keyword] ?? otherwise);
    return Number.isFinite(value) ? value : otherwise;
  };
  const expected = (count("Rows", 0) * count("Columns", 0) * count("SamplesPerPixel", 1) * count("NumberOfFrames", 1) * count("BitsAllocated", 8)) / 8;
  return Math.max(0, Math.ceil(expected) - pixels[0].byteLength);
}

/**
 * The files that need this chart's patient identity written into them: none
 * when all are filed under its MRN; all that are not when the physician
 * confirmed they are this patient's; otherwise PATIENT_MISMATCH on the first.
 */
export function filesToRefile(files: readonly CheckedDicomFile[], chart: { mrn: string; name: string }, confirmed: boolean): CheckedDicomFile[] {
  const foreign = files.filter((file) => file.patientId !== chart.mrn);
  if (foreign.length > 0 && !confirmed) throw new ImagingPatientMismatchError(foreign[0]!.name, chart.name);
  return foreign;
}
