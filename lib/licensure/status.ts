import type { LicenseTerm, LicensureStatus, VisitLicensure } from "./types";

/**
 * Whether the licences cover `state` on `onDate`. The expiry day itself is
 * still valid. Days are compared in UTC: judging them in the patient's state's
 * own time zone would move the answer by a few hours at most once a licence
 * lapses, which is not worth a time-zone table per state.
 */
export function licensureFor(licenses: readonly LicenseTerm[], state: string, onDate: Date): LicensureStatus {
  const license = licenses.find((candidate) => candidate.state === state);
  if (!license) return "not-licensed";
  return utcDay(onDate) <= utcDay(license.expiresOn) ? "licensed" : "expired";
}

/** YYYY-MM-DD of the instant in UTC, which sorts as the calendar does. */
export function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** What the physician reads before admitting, and the refusal says, when the licence is missing or expired. */
export function licensureWarning(licensure: Extract<VisitLicensure, { located: true }>): string {
  return licensure.status === "expired"
    ? `Your licence in ${licensure.stateLabel} has expired. The patient says they are there now.`
    : `You are not licensed in ${licensure.stateLabel}. The patient says they are there now.`;
}

/** Whether admitting the patient needs the physician's reason (WARN), is refused (BLOCK), or neither. */
export function licensureConcern(licensure: VisitLicensure): "none" | "reason" | "blocked" {
  // No location yet is not a reason to keep the patient waiting: the physician asks in the call.
  if (!licensure.located || licensure.status === "licensed" || licensure.overridden) return "none";
  return licensure.mode === "BLOCK" ? "blocked" : "reason";
}
