// The shapes the check-in APIs answer with, shared by lib/checkin, its routes
// and the browser's check-in steps.

import type { ConsentKind, PatientLocationKind } from "@/lib/db/generated/enums";
import type { Locale } from "@/lib/i18n/locales";

/**
 * The steps a patient completes, in order. The intake questionnaire (a step of
 * its own, components/intake) goes between "identity" and "language".
 */
export const CHECK_IN_STEPS = ["location", "consent", "identity", "language"] as const;
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
  done: Record<CheckInStep, boolean>;
  /** This visit's location once confirmed, otherwise the last visit's, for the patient to confirm. */
  location: CheckInLocation | null;
  consentStatus: ConsentStatus;
  /** The consents to sign now: the current telehealth one unless it is valid, the recording one unless answered. */
  consentsToSign: ConsentText[];
  language: { preferredLanguage: string | null; interpreterNeeded: boolean; interpreterLanguage: string | null };
}

/** GET /api/visits/[appointmentId]/check-in/summary: what the physician sees before admitting. */
export interface CheckInSummaryView {
  completedAt: string | null;
  location: (CheckInLocation & { confirmedAt: string }) | null;
  consent: { status: ConsentStatus; version: number | null; signedAt: string | null; expiresAt: string | null };
  recordingConsent: "accepted" | "declined" | null;
  dateOfBirthConfirmedAt: string | null;
  preferredLanguage: string | null;
  interpreterNeeded: boolean;
  interpreterLanguage: string | null;
}
