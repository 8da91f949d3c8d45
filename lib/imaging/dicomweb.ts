import "server-only";
import { ImagingArchiveUnavailableError, ImagingStudyNotFoundError } from "./errors";

// The DICOM archive, spoken to over DICOMweb (PS3.18): QIDO-RS to search,
// WADO-RS for rendered frames, STOW-RS to store. Only the server talks to it;
// browsers go through the app's imaging routes, which check the access policy.
// DICOMWEB_URL is its DICOMweb root (Orthanc: http://host:8042/dicom-web), with
// DICOMWEB_USERNAME and DICOMWEB_PASSWORD when it asks for HTTP basic auth.

/** A DICOM JSON dataset (PS3.18 §F.2): tags as 8 hex digits. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] } | undefined>;

export const TAGS = {
  StudyDate: "00080020",
  StudyTime: "00080030",
  SOPClassUID: "00080016",
  ModalitiesInStudy: "00080061",
  Modality: "00080060",
  StudyDescription: "00081030",
  SeriesDescription: "0008103E",
  PatientID: "00100020",
  BodyPartExamined: "00180015",
  StudyInstanceUID: "0020000D",
  SeriesInstanceUID: "0020000E",
  SeriesNumber: "00200011",
  InstanceNumber: "00200013",
  SOPInstanceUID: "00080018",
  NumberOfStudyRelatedSeries: "00201206",
  NumberOfStudyRelatedInstances: "00201208",
  NumberOfSeriesRelatedInstances: "00201209",
  Rows: "00280010",
  Columns: "00280011",
  PixelSpacing: "00280030",
} as const;

/** The first value of a tag as text (a person name's alphabetic form), or null. */
export function textOf(dataset: DicomJson, tag: string): string | null {
  const value = dataset[tag]?.Value?.[0];
  if (value === undefined || value === null) return null;
  if (typeof value === "object" && "Alphabetic" in value) return String((value as { Alphabetic: unknown }).Alphabetic);
  return String(value);
}

/** The first value of a tag as a number, or null. */
export function numberOf(dataset: DicomJson, tag: string): number | null {
  const text = textOf(dataset, tag);
  const value = text === null ? NaN : Number(text);
  return Number.isFinite(value) ? value : null;
}

export function textsOf(dataset: DicomJson, tag: string): string[] {
  return (dataset[tag]?.Value ?? []).map(String);
}

export interface DicomWebSettings {
  url: string;
  username?: string;
  password?: string;
}

/** The archive configured in the environment, or null when there is none. */
export function dicomWebSettings(env: NodeJS.ProcessEnv = process.env): DicomWebSettings | null {
  const url = env.DICOMWEB_URL?.trim();
  if (!url) return null;
  return { url: url.replace(/\/+$/, ""), username: env.DICOMWEB_USERNAME || undefined, password: env.DICOMWEB_PASSWORD || undefined };
}

/**
 * The outside DICOMweb bases imported imaging studies may point at
 * (IMAGING_IMPORT_ENDPOINTS, comma-separated), without trailing slashes. A
 * base may carry HTTP basic credentials (https://user:pass@host/dicom-web):
 * they stay in the environment, never in the database, and are sent only to
 * that base.
 */
export function imagingImportEndpoints(env: NodeJS.ProcessEnv = process.env): DicomWebSettings[] {
  return (env.IMAGING_IMPORT_ENDPOINTS ?? "").split(",").flatMap((entry) => {
    if (!URL.canParse(entry.trim())) return [];
    const url = new URL(entry.trim());
    const [username, password] = [decodeURIComponent(url.username), decodeURIComponent(url.password)];
    url.username = url.password = "";
    return [{ url: url.toString().replace(/\/+$/, ""), ...(username ? { username, password } : {}) }];
  });
}

const TIMEOUT_MS = 15_000;

/** A QIDO-RS query string; includefield repeated, as some archives (Orthanc) do not split an encoded comma. */
function query(match: Record<string, string>, include: readonly string[]): string {
  return new URLSearchParams([...Object.entries(match), ...include.map((tag) => ["includefield", tag] as [string, string])]).toString();
}

export class DicomWebArchive {
  constructor(
    private readonly settings: DicomWebSettings,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  /** QIDO-RS at the study level: matching keys, and the attributes to return besides the standard ones. */
  searchStudies(match: Record<string, string>, include: readonly string[] = []): Promise<DicomJson[]> {
    return this.json(`/studies?${query(match, include)}`);
  }

  searchSeries(studyUid: string): Promise<DicomJson[]> {
    return this.json(`/studies/${studyUid}/series?${query({}, [TAGS.SeriesDescription, TAGS.BodyPartExamined, TAGS.NumberOfSeriesRelatedInstances])}`);
  }

  searchInstances(studyUid: string, seriesUid: string): Promise<DicomJson[]> {
    return this.json(`/studies/${studyUid}/series/${seriesUid}/instances?${query({}, [TAGS.InstanceNumber, TAGS.SOPClassUID])}`);
  }

  /** A study's series in their order, each with its instances in theirs. */
  async seriesWithInstances(studyUid: string): Promise<{ series: DicomJson; instances: DicomJson[] }[]> {
    const found = await Promise.all(
      (await this.searchSeries(studyUid)).map(async (series) => {
        const instances = await this.searchInstances(studyUid, textOf(series, TAGS.SeriesInstanceUID) ?? "");
        instances.sort((a, b) => (numberOf(a, TAGS.InstanceNumber) ?? 0) - (numberOf(b, TAGS.InstanceNumber) ?? 0));
        return { series, instances };
      }),
    );
    return found.sort((a, b) => (numberOf(a.series, TAGS.SeriesNumber) ?? 0) - (numberOf(b.series, TAGS.SeriesNumber) ?? 0));
  }

  /** One instance's attributes (WADO-RS metadata), e.g. its size and pixel spacing. */
  async instanceMetadata(path: { studyUid: string; seriesUid: string; instanceUid: string }): Promise<DicomJson | null> {
    const [instance] = await this.json(`/studies/${path.studyUid}/series/${path.seriesUid}/instances/${path.instanceUid}/metadata`);
    return instance ?? null;
  }

  /** The PatientID the archive holds for a study, or null when it has no such study. */
  async patientIdOf(studyUid: string): Promise<string | null> {
    const [study] = await this.searchStudies({ StudyInstanceUID: studyUid }, [TAGS.PatientID]);
    return study ? textOf(study, TAGS.PatientID) : null;
  }

  /**
   * One instance's first frame rendered as PNG (WADO-RS /rendered), with a
   * window in the modality's units (Hounsfield for CT), or the dataset's own.
   */
  async renderedFrame(path: { studyUid: string; seriesUid: string; instanceUid: string }, window: { center: number; width: number } | null): Promise<Buffer> {
    const query = window ? `?window=${window.center},${window.width},linear` : "";
    const response = await this.request(`/studies/${path.studyUid}/series/${path.seriesUid}/instances/${path.instanceUid}/frames/1/rendered${query}`, {
      headers: { Accept: "image/png" },
    });
    return Buffer.from(await response.arrayBuffer());
  }

  /** STOW-RS: stores Part 10 files in one multipart request. */
  async store(files: readonly Uint8Array[]): Promise<void> {
    const boundary = `clinic-${crypto.randomUUID()}`;
    const parts: Uint8Array[] = [];
    for (const file of files) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), file, Buffer.from("\r\n"));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    await this.request("/studies", {
      method: "POST",
      headers: { "Content-Type": `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: "application/dicom+json" },
      body: Buffer.concat(parts),
    });
  }

  private async json(path: string): Promise<DicomJson[]> {
    const response = await this.request(path, { headers: { Accept: "application/dicom+json" } });
    // QIDO-RS answers 204 with no body when nothing matches.
    const text = await response.text();
    return text.trim() === "" ? [] : (JSON.parse(text) as DicomJson[]);
  }

  /** A request to the archive; anything but a 2xx throws. */
  private async request(path: string, init: RequestInit & { headers: Record<string, string> }): Promise<Response> {
    const { username, password } = this.settings;
    const headers = { ...init.headers, ...(username ? { Authorization: `Basic ${Buffer.from(`${username}:${password ?? ""}`).toString("base64")}` } : {}) };
    let response: Response;
    try {
      response = await fetch(`${this.settings.url}${path}`, { ...init, headers, signal: AbortSignal.timeout(this.timeoutMs), redirect: "error" });
    } catch {
      throw new ImagingArchiveUnavailableError("The image archive did not answer. Try again in a moment.");
    }
    if (!response.ok) {
      await response.body?.cancel();
      // A series or instance that is not in the study (the archive checks the whole path).
      if (response.status === 404) throw new ImagingStudyNotFoundError();
      throw new ImagingArchiveUnavailableError(`The image archive answered ${response.status}. Try again in a moment.`);
    }
    return response;
  }
}

/** The archive at an imported study's endpoint base, or null when that base is no longer on IMAGING_IMPORT_ENDPOINTS. */
export function importedStudyArchive(base: string, timeoutMs = TIMEOUT_MS): DicomWebArchive | null {
  const settings = imagingImportEndpoints().find((endpoint) => endpoint.url === base);
  return settings ? new DicomWebArchive(settings, timeoutMs) : null;
}

export function dicomWebArchive(env: NodeJS.ProcessEnv = process.env): DicomWebArchive | null {
  const settings = dicomWebSettings(env);
  return settings ? new DicomWebArchive(settings) : null;
}
