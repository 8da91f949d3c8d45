import { z } from "zod";
import type { ControlledSchedule } from "./drugs";

// Prescribing a controlled substance by telemedicine, without the database:
// under the DEA's temporary telemedicine flexibilities (extended through
// 2026-12-31 at the time of writing) a practitioner may prescribe schedule
// II–V drugs at a telehealth visit without a prior in-person exam when the
// visit is audio-video; audio-only only where the clinic's rules allow it
// (TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES, none by default). The clinic
// also requires the prescriber to attest that they checked the state's
// prescription drug monitoring program (PDMP) shortly before. The end date is
// a setting (TELEHEALTH_CONTROLLED_FLEXIBILITIES_END), so an extension or a
// final rule needs no release.

export const DEFAULT_FLEXIBILITIES_END = "2026-12-31";
/** How recent a PDMP check must be to count for this prescription. */
export const PDMP_CHECK_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** A clock a little ahead in the browser is not a check in the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface ControlledSubstanceSettings {
  /** The last day (YYYY-MM-DD, UTC) controlled substances may be prescribed at a telehealth visit. */
  flexibilitiesEnd: string;
  /** Schedules an audio-only visit may prescribe. */
  audioOnlySchedules: readonly ControlledSchedule[];
}

const SCHEDULES = ["II", "III", "IV", "V"] as const;

const settingsEnvironment = z.object({
  TELEHEALTH_CONTROLLED_FLEXIBILITIES_END: z.iso
    .date("TELEHEALTH_CONTROLLED_FLEXIBILITIES_END must be a date such as 2026-12-31.")
    .optional()
    .transform((value) => value ?? DEFAULT_FLEXIBILITIES_END),
  TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES: z
    .string()
    .optional()
    .transform((value) => (value ?? "").split(",").map((part) => part.trim()).filter((part) => part !== ""))
    .pipe(z.array(z.enum(SCHEDULES, "TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES lists schedules II, III, IV or V, separated by commas."))),
});

/** The settings in `environment`; throws naming the variable that is wrong rather than guessing. */
export function parseControlledSubstanceSettings(environment: Record<string, string | undefined>): ControlledSubstanceSettings {
  const parsed = settingsEnvironment.safeParse({
    TELEHEALTH_CONTROLLED_FLEXIBILITIES_END: environment.TELEHEALTH_CONTROLLED_FLEXIBILITIES_END || undefined,
    TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES: environment.TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES || undefined,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join(" "));
  return {
    flexibilitiesEnd: parsed.data.TELEHEALTH_CONTROLLED_FLEXIBILITIES_END,
    audioOnlySchedules: parsed.data.TELEHEALTH_CONTROLLED_AUDIO_ONLY_SCHEDULES,
  };
}

export type ControlledRefusalCode =
  | "CONTROLLED_NEEDS_VISIT"
  | "CONTROLLED_FLEXIBILITIES_ENDED"
  | "CONTROLLED_AUDIO_ONLY"
  | "PDMP_CHECK_REQUIRED"
  | "PDMP_CHECK_STALE";

export interface ControlledRefusal {
  code: ControlledRefusalCode;
  message: string;
}

/**
 * Why this controlled-substance prescription may not be written, or null when
 * it may (or the drug is not controlled). `modality` is the visit's recorded
 * one; null when the prescription is not written at a visit.
 */
export function controlledSubstanceRefusal(request: {
  drugName: string;
  schedule: ControlledSchedule | null;
  modality: "VIDEO" | "AUDIO_ONLY" | null;
  pdmpCheckedAt: Date | null;
  now: Date;
  settings: ControlledSubstanceSettings;
}): ControlledRefusal | null {
  const { drugName, schedule, modality, pdmpCheckedAt, now, settings } = request;
  if (schedule === null) return null;
  const what = `${drugName} is a schedule ${schedule} controlled substance`;
  if (modality === null) return { code: "CONTROLLED_NEEDS_VISIT", message: `${what}: prescribe it at the patient's telehealth visit.` };
  if (now.toISOString().slice(0, 10) > settings.flexibilitiesEnd) {
    return {
      code: "CONTROLLED_FLEXIBILITIES_ENDED",
      message: `${what}: the telemedicine flexibilities for controlled substances ended on ${settings.flexibilitiesEnd}.`,
    };
  }
  if (modality === "AUDIO_ONLY" && !settings.audioOnlySchedules.includes(schedule)) {
    return { code: "CONTROLLED_AUDIO_ONLY", message: `${what}: this audio-only visit cannot prescribe it; it needs audio and video.` };
  }
  if (pdmpCheckedAt === null) {
    return { code: "PDMP_CHECK_REQUIRED", message: `${what}: attest that you checked the state's prescription drug monitoring program (PDMP).` };
  }
  const age = now.getTime() - pdmpCheckedAt.getTime();
  if (age > PDMP_CHECK_MAX_AGE_MS || age < -CLOCK_SKEW_MS) {
    return { code: "PDMP_CHECK_STALE", message: `${what}: the PDMP check must be from the last 24 hours. Check it again.` };
  }
  return null;
}
