// The shapes the check-in APIs answer with, shared by lib/checkin, its routes
// and the browser's check-in steps.

import type { ConsentKind, PatientLocationKind } from "@/lib/db/generated/enums";
import type { Locale } from "@/lib/i18n/locales";

/**
 * The steps a patient completes, in order. "intake" (the visit type's
 * questionnaire, components/intake) is asked only of visits whose type has one.
 */
export const CHECK_IN_STEPS = ["location", "consent", "identity", "intake", "language"] as const;
export type CheckInStep = (typeof CHECK_IN_STEPS)[number];

/** Where the patient's telehealth consent stands: signed and current, or why they are asked again. */
export type ConsentStatus = "valid" | "missing" | "expired" | "superseded";

export interface CheckInLocation {
  country: string;
  state: string;
  addressLine: string;
  city: string;
  postalCode: string;
  locationKind: PatientLocationKind;
  callbackPhone: string;
}

export interface ConsentText {
  id: string;
  kind: ConsentKind;
  version: number;
  title: string;
  /** The text in each language the pages speak; the page shows the one it is in. */
  body: Record<Locale, string>;
}

/** GET /api/visits/[appointmentId]/check-in: what the patient's check-in needs to show. */
export interface CheckInForm {
  /** The first step still to do, or null when the check-in is complete. */
  nextStep: CheckInStep | null;
  /** The steps this visit asks, in order: what "Step n of m" counts. */
  steps: CheckInStep[];
  done: Record<CheckInStep, boolean>;
  /** This visit's location once confirmed, otherwise the last visit's, for the patient to confirm. */
  location: CheckInLocation | null;
  consentStatus: ConsentStatus;
  /** The consents to sign now: the current telehealth one unless it is valid, the recording one unless answered. */
  consentsToSign: ConsentText[];
  /** Wrong dates of birth the identity step still takes; 0 once they are used up, when it stops asking. */
  dateOfBirthTriesLeft: number;
  language: { preferredLanguage: string | null; interpreterNeeded: boolean; interpreterLanguage: string | null };
}

/** GET /api/visits/[appointmentId]/check-in/summary: what the physician sees before admitting. */
export interface CheckInSummaryView {
  completedAt: string | null;
  location: (CheckInLocation & { confirmedAt: string }) | null;
  consent: { status: ConsentStatus; version: number | null; signedAt: string | null; expiresAt: string | null };
  recordingConsent: "accepted" | "declined" | null;
  dateOfBirthConfirmedAt: string | null;
  /** Wrong dates of birth typed at this check-in (the step stops asking after DATE_OF_BIRTH_TRIES). */
  dateOfBirthFailedTries: number;
  preferredLanguage: string | null;
  interpreterNeeded: boolean;
  interpreterLanguage: string | null;
}
