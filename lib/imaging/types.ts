// Imaging values shared by the server and the browser.

/** The Debian packages of the local image archive (Orthanc and its DICOMweb plugin). */
export const ORTHANC_PACKAGES = "orthanc orthanc-dicomweb";

/** The one line that turns imaging on locally, shown where imaging is not configured. */
export const IMAGING_SETUP = `sudo apt-get install ${ORTHANC_PACKAGES}, then restart npm run dev (or set DICOMWEB_URL to the clinic's PACS)`;
/** Window presets in Hounsfield units (CT); "default" is the window the image itself names. */
export const WINDOW_PRESETS = {
  default: null,
  lung: { center: -600, width: 1500 },
  softTissue: { center: 40, width: 400 },
  bone: { center: 400, width: 1800 },
} as const satisfies Record<string, { center: number; width: number } | null>;

export type WindowPreset = keyof typeof WINDOW_PRESETS;
export const WINDOW_PRESET_NAMES = Object.keys(WINDOW_PRESETS) as [WindowPreset, ...WindowPreset[]];

export interface ImagingReportView {
  title: string;
  findings: string;
  impression: string;
  radiologist: string;
  issuedAt: string;
}

export interface ImagingSeriesView {
  seriesInstanceUid: string;
  number: number | null;
  description: string | null;
  modality: string | null;
  imageCount: number;
}

export interface ImagingStudyView {
  studyInstanceUid: string;
  /** YYYY-MM-DD, from the study's date. */
  date: string | null;
  modalities: string[];
  bodyPart: string | null;
  description: string | null;
  imageCount: number;
  series: ImagingSeriesView[];
  report: ImagingReportView | null;
  /** The patient's previous study of the same modality and body part, to compare with. */
  previousStudyUid: string | null;
}

export type ImagingStudiesView =
  | { configured: false; setup: string }
  | { configured: true; studies: ImagingStudyView[] };

/** A series' pixel grid, from its first image: the size in pixels and, when the image says, the millimetres between pixel centres. */
export interface ImagingSeriesGeometry {
  rows: number;
  columns: number;
  /** PixelSpacing: [between rows, between columns] in mm; null when the image does not say (lengths are then in pixels). */
  pixelSpacingMm: [number, number] | null;
}

/** A study opened in the viewer: each series' instances in their order, with the geometry measurements need. */
export interface ImagingStudyImages {
  studyInstanceUid: string;
  series: (ImagingSeriesView & { instanceUids: string[]; geometry: ImagingSeriesGeometry | null })[];
}

const MB = 1024 * 1024;

/**
 * What one upload of a study may hold: each DICOM file at most `fileBytes`,
 * everything together (a zip counts by what it unpacks to) at most
 * `uploadBytes`, at most `files` files. The server enforces them while it
 * reads the request; the upload control says them.
 */
export const IMAGING_UPLOAD_LIMITS = { fileBytes: 50 * MB, uploadBytes: 500 * MB, files: 2000 } as const;
/** The one route that takes an upload (a form of files): its body ceiling and request guard are its own. */
export const IMAGING_UPLOAD_ROUTE = /^\/api\/patients\/[^/]+\/imaging\/studies\/?$/;
/** The request body of an upload: its files plus room for the form's part headers. */
export const IMAGING_UPLOAD_BODY_BYTES = IMAGING_UPLOAD_LIMITS.uploadBytes + MB;

/** A study imported from an outside source, listed with where it is from; its images are read from that source. */
export interface ImportedImagingStudyView {
  studyInstanceUid: string;
  description: string | null;
  modality: string | null;
  /** YYYY-MM-DD. */
  date: string | null;
  /** Who the study is from: "from <source>". */
  source: string;
  /** False when the source's endpoint did not answer (or no longer holds the study): the row says so and does not open. */
  available: boolean;
}
