import { z } from "zod";
import type { CareBoundaries } from "./policy";

// How far the care relationship reaches and how long break-glass lasts: a
// clinic may set them in its environment; the defaults are what a privacy
// officer would pick. A value that is not a whole number in range stops the
// first access that needs it, naming the variable, rather than silently
// granting more (or less) than the clinic asked for.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface CareSettings {
  boundaries: CareBoundaries;
  /** How long a break-glass grant stays open. */
  breakGlassMs: number;
}

const wholeNumber = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number.`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}.`).max(max, `${name} must be at most ${max}.`))
    .optional()
    .transform((value) => value ?? fallback);

const careSettingsEnvironment = z.object({
  CARE_ACCESS_DAYS_BEFORE_VISIT: wholeNumber("CARE_ACCESS_DAYS_BEFORE_VISIT", 7, 0, 90),
  CARE_ACCESS_DAYS_AFTER_VISIT: wholeNumber("CARE_ACCESS_DAYS_AFTER_VISIT", 365, 1, 3650),
  BREAK_GLASS_MINUTES: wholeNumber("BREAK_GLASS_MINUTES", 60, 5, 720),
});

/** The settings in `environment`; throws naming the variable that is not a whole number in its range. */
export function parseCareSettings(environment: Record<string, string | undefined>): CareSettings {
  const parsed = careSettingsEnvironment.safeParse({
    CARE_ACCESS_DAYS_BEFORE_VISIT: environment.CARE_ACCESS_DAYS_BEFORE_VISIT || undefined,
    CARE_ACCESS_DAYS_AFTER_VISIT: environment.CARE_ACCESS_DAYS_AFTER_VISIT || undefined,
    BREAK_GLASS_MINUTES: environment.BREAK_GLASS_MINUTES || undefined,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join(" "));
  return {
    boundaries: {
      beforeVisitMs: parsed.data.CARE_ACCESS_DAYS_BEFORE_VISIT * DAY_MS,
      afterCompletedVisitMs: parsed.data.CARE_ACCESS_DAYS_AFTER_VISIT * DAY_MS,
    },
    breakGlassMs: parsed.data.BREAK_GLASS_MINUTES * MINUTE_MS,
  };
}

let fromProcess: CareSettings | undefined;

/** The settings in this process's environment, read once. */
export function careSettings(): CareSettings {
  fromProcess ??= parseCareSettings(process.env);
  return fromProcess;
}
