import { createHash } from "node:crypto";
import { z } from "zod";

// DICOM UIDs (PS3.5 §9): dot-separated numeric components, no leading zeros,
// at most 64 characters. The app makes its own under the 2.25 root (PS3.5
// §B.2: a UUID written as one decimal integer), so no registered root is
// needed and two clinics never collide. Ours are derived from a name by hashing
// (UUID version 5 style), so the demo studies get the same UIDs on every seed.

const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;
const UID_MAX_LENGTH = 64;

/** A DICOM UID from a request: anything else is refused (400) before it reaches the archive. */
export const dicomUid = z
  .string("Give the DICOM UID.")
  .max(UID_MAX_LENGTH, "That is not a DICOM UID.")
  .regex(UID_PATTERN, "That is not a DICOM UID.");

export function isDicomUid(value: string): boolean {
  return dicomUid.safeParse(value).success;
}

/** The 2.25 UID for a name: a UUID (version 5 bits set) from its SHA-256, as a decimal integer. */
export function uidFor(name: string): string {
  const bytes = createHash("sha256").update(`telemedicine-clinic:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString("hex")}`).toString(10)}`;
}
