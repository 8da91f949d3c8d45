import type { ConsentStatus } from "./types";

// When a telehealth consent still counts, as pure rules: a signature counts
// while it is of the current version and has not run out; the state the
// patient is in says how long it lasts.

/** How long a telehealth consent lasts where the clinic set nothing for the patient's state. */
export const DEFAULT_CONSENT_EXPIRY_MONTHS = 12;

/**
 * `signedAt` plus `months` calendar months, on the same day of the month or
 * the month's last day when it has fewer (signed 31 January, a month: 28 or 29 February).
 */
export function consentExpiresAt(signedAt: Date, months: number): Date {
  const expires = new Date(signedAt);
  const day = expires.getUTCDate();
  expires.setUTCDate(1);
  expires.setUTCMonth(expires.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(expires.getUTCFullYear(), expires.getUTCMonth() + 1, 0)).getUTCDate();
  expires.setUTCDate(Math.min(day, lastDay));
  return expires;
}

/** The patient's latest telehealth signature, against the version published now. */
export function telehealthConsentStatus(
  signature: { consentVersionId: string; expiresAt: Date | null } | null,
  currentVersionId: string | null,
  now: Date,
): ConsentStatus {
  if (signature === null || currentVersionId === null) return "missing";
  if (signature.consentVersionId !== currentVersionId) return "superseded";
  if (signature.expiresAt !== null && signature.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}

function comparableName(name: string): string {
  return name.normalize("NFC").toLocaleLowerCase("en-US").replace(/\s+/g, " ").trim();
}

/** A typed signature matches the record's name whatever its case and spacing. */
export function signatureMatchesName(typedName: string, record: { givenName: string; familyName: string }): boolean {
  return comparableName(typedName) === comparableName(`${record.givenName} ${record.familyName}`);
}
