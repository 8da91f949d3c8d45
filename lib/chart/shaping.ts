import type { AllergySeverity, LabFlag } from "@/lib/db/generated/enums";

// Small pure helpers the chart views share.

const SEVERITY_RANK: Record<AllergySeverity, number> = { LIFE_THREATENING: 0, SEVERE: 1, MODERATE: 2, MILD: 3 };

/** The most dangerous first; alphabetical by substance within a severity. */
export function sortAllergiesBySeverity<T extends { severity: AllergySeverity; substance: string }>(allergies: readonly T[]): T[] {
  return [...allergies].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.substance.localeCompare(b.substance));
}

/** Severe and life-threatening allergies are highlighted on the chart. */
export function isHighlightedAllergy(severity: AllergySeverity): boolean {
  return severity === "SEVERE" || severity === "LIFE_THREATENING";
}

export function isAbnormal(flag: LabFlag): boolean {
  return flag !== "NORMAL";
}

export function isCritical(flag: LabFlag): boolean {
  return flag === "CRITICAL_LOW" || flag === "CRITICAL_HIGH";
}

/** Whole years from a date of birth (YYYY-MM-DD) to the given day, in UTC. */
export function ageOn(dateOfBirth: string, now: Date): number {
  const [year, month, day] = dateOfBirth.split("-").map(Number) as [number, number, number];
  const age = now.getUTCFullYear() - year;
  const hadBirthday = now.getUTCMonth() + 1 > month || (now.getUTCMonth() + 1 === month && now.getUTCDate() >= day);
  return hadBirthday ? age : age - 1;
}

/** A timestamp as JSON from PostgreSQL ("2026-01-02T03:04:05.678+00:00") as a Date. */
export function instantFromJson(value: string): Date {
  return new Date(value);
}

/** A @db.Date column, as a Date (UTC midnight) or as json ("2026-01-02"), as YYYY-MM-DD. */
export function isoDate(value: Date | string): string;
export function isoDate(value: Date | string | null): string | null;
export function isoDate(value: Date | string | null): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
