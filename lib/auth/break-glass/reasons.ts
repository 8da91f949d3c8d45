import type { BreakGlassReason } from "@/lib/db/generated/enums";

// Why a physician opens a chart outside their care relationship: a short list
// the review queue can count, and their own words beside it. Pure, so the
// break-glass form offers the same list and limits the server checks.

export const BREAK_GLASS_REASONS: Readonly<Record<BreakGlassReason, string>> = {
  MEDICAL_EMERGENCY: "Medical emergency",
  COVERING_CLINICIAN: "Covering for the patient's clinician",
  URGENT_RESULT: "Urgent result or call about the patient",
  OTHER: "Other",
};

/** The reason in the physician's own words: long enough to mean something, short enough to review. */
export const BREAK_GLASS_DETAILS_MIN = 10;
export const BREAK_GLASS_DETAILS_MAX = 500;
