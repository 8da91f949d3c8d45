import { CHECK_IN_STEPS, type CheckInStep } from "./types";

// Which check-in steps a visit asks and which are done, as pure rules over
// what the database holds for the visit (lib/checkin/check-in.ts gathers it).

/**
 * Wrong dates of birth a visit's check-in takes before the identity step stops
 * asking. Five lets a patient mistype day, month and year and still get in;
 * a date of birth has about 36,500 possible values in a century, so five
 * guesses tell someone holding a forwarded visit link next to nothing.
 */
export const DATE_OF_BIRTH_TRIES = 5;

/** What decides the steps, read from the visit's check-in, the patient's consents and the visit type's questionnaire. */
export interface CheckInFacts {
  locationConfirmed: boolean;
  telehealthConsentValid: boolean;
  /** The current recording consent was answered, or the clinic publishes none. */
  recordingAnswered: boolean;
  dateOfBirthConfirmed: boolean;
  dateOfBirthFailedTries: number;
  /** The visit type has a questionnaire with questions (the one answered, else the current one). */
  intakeAsked: boolean;
  intakeSubmitted: boolean;
  languageConfirmed: boolean;
  /** The check-in was complete once (VisitCheckIn.completedAt). */
  completed: boolean;
}

/** The steps this visit asks, in order: the intake only when there are questions to answer. */
export function stepsAsked(facts: Pick<CheckInFacts, "intakeAsked">): CheckInStep[] {
  return CHECK_IN_STEPS.filter((step) => step !== "intake" || facts.intakeAsked);
}

export function dateOfBirthTriesUsedUp(failedTries: number): boolean {
  return failedTries >= DATE_OF_BIRTH_TRIES;
}

export function stepsDone(facts: CheckInFacts): Record<CheckInStep, boolean> {
  return {
    location: facts.locationConfirmed,
    // A recording consent published after the patient checked in is asked at their next visit; the telehealth one counts at every join.
    consent: facts.telehealthConsentValid && (facts.recordingAnswered || facts.completed),
    // Out of tries, the step stops asking: the physician sees it was not confirmed and checks identity in the call.
    identity: facts.dateOfBirthConfirmed || dateOfBirthTriesUsedUp(facts.dateOfBirthFailedTries),
    // A questionnaire published after the patient checked in is not asked of this visit.
    intake: !facts.intakeAsked || facts.intakeSubmitted || facts.completed,
    language: facts.languageConfirmed,
  };
}

/** The first step still to do, or null when every step is done. */
export function firstStepToDo(done: Record<CheckInStep, boolean>): CheckInStep | null {
  return CHECK_IN_STEPS.find((step) => !done[step]) ?? null;
}
