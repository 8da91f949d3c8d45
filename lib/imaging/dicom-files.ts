import dcmjs from "dcmjs";
import { uidFor } from "./uids";

// Writing and reading DICOM Part 10 files with dcmjs: the demo studies the seed
// stores, and the check that what the archive is sent is DICOM at all.

const { DicomDict, DicomMessage, DicomMetaDictionary } = dcmjs.data;

/** Explicit VR little endian: what every archive accepts without transcoding. */
export const EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
/** This app's implementation class UID (PS3.7 §D.3.3.2), under its 2.25 root. */
export const IMPLEMENTATION_CLASS_UID = uidFor("implementation-class");

export const SOP_CLASSES = {
  CT: "1.2.840.10008.5.1.4.1.1.2",
  /** Digital X-Ray Image Storage - For Presentation. */
  DX: "1.2.840.10008.5.1.4.1.1.1.1",
} as const;

/** A dataset in dcmjs's naturalized form (keywords as keys, DICOM JSON-like values). */
export type DicomDataset = Record<string, unknown> & { SOPClassUID: string; SOPInstanceUID: string };

/** The Part 10 file of one instance: the preamble, file meta information and the dataset. */
export function writeDicomFile(dataset: DicomDataset): Uint8Array {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
  };
  const file = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(file.write());
}

/** The dataset of a Part 10 file, naturalized; throws when the bytes are not one (no "DICM" preamble, truncated). */
export function readDicomFile(bytes: Uint8Array): Record<string, unknown> {
  return DicomMetaDictionary.naturalizeDataset(readPart10(bytes).dict);
}

/** Transfer syntaxes whose pixel data is native (uncompressed): implicit and explicit VR, little and big endian. */
const NATIVE_TRANSFER_SYNTAXES = new Set(["1.2.840.10008.1.2", EXPLICIT_VR_LITTLE_ENDIAN, "1.2.840.10008.1.2.2"]);

/** Whether the file's pixel data (if any) is stored uncompressed, per its file meta information. */
export function hasNativePixels(bytes: Uint8Array): boolean {
  const syntax = DicomMetaDictionary.naturalizeDataset(readPart10(bytes).meta).TransferSyntaxUID;
  return typeof syntax === "string" && NATIVE_TRANSFER_SYNTAXES.has(syntax);
}

function readPart10(bytes: Uint8Array) {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return DicomMessage.readFile(buffer);
}

/**
 * The same Part 10 file filed under another patient: PatientID and
 * PatientName replaced, every other element (and the transfer syntax) as read.
 */
export function withPatient(bytes: Uint8Array, patient: { id: string; name: string }): Uint8Array {
  const file = readPart10(bytes);
  file.dict = {
    ...file.dict,
    ...DicomMetaDictionary.denaturalizeDataset({ PatientID: patient.id, PatientName: patient.name }),
  };
  return new Uint8Array(file.write());
}
