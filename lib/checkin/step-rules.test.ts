import { describe, expect, it } from "vitest";
import { DATE_OF_BIRTH_TRIES, firstStepToDo, stepsAsked, stepsDone, type CheckInFacts } from "./step-rules";

// Which check-in steps a visit asks, which are done, and when it is complete.

const NOTHING_DONE: CheckInFacts = {
  locationConfirmed: false,
  telehealthConsentValid: false,
  recordingAnswered: false,
  dateOfBirthConfirmed: false,
  dateOfBirthFailedTries: 0,
  intakeAsked: true,
  intakeSubmitted: false,
  languageConfirmed: false,
  completed: false,
};

const EVERYTHING_DONE: CheckInFacts = {
  ...NOTHING_DONE,
  locationConfirmed: true,
  telehealthConsentValid: true,
  recordingAnswered: true,
  dateOfBirthConfirmed: true,
  intakeSubmitted: true,
  languageConfirmed: true,
};

const next = (facts: Partial<CheckInFacts>) => firstStepToDo(stepsDone({ ...NOTHING_DONE, ...facts }));

describe("stepsAsked", () => {
  it("asks the intake between the date of birth and the language when the visit type has questions", () => {
    expect(stepsAsked({ intakeAsked: true })).toEqual(["location", "consent", "identity", "intake", "language"]);
  });

  it("leaves the intake out, and out of the count, when it has none", () => {
    expect(stepsAsked({ intakeAsked: false })).toEqual(["location", "consent", "identity", "language"]);
  });
});

describe("the next step", () => {
  it("is each step in order until all are done", () => {
    expect(next({})).toBe("location");
    expect(next({ locationConfirmed: true })).toBe("consent");
    expect(next({ locationConfirmed: true, telehealthConsentValid: true, recordingAnswered: true })).toBe("identity");
    expect(next({ locationConfirmed: true, telehealthConsentValid: true, recordingAnswered: true, dateOfBirthConfirmed: true })).toBe("intake");
    expect(next({ ...EVERYTHING_DONE, languageConfirmed: false })).toBe("language");
    expect(next(EVERYTHING_DONE)).toBeNull();
  });

  it("skips the intake of a visit type without questions, which does not hold up completion", () => {
    const noQuestions = { ...EVERYTHING_DONE, intakeAsked: false, intakeSubmitted: false };
    expect(next({ ...noQuestions, languageConfirmed: false })).toBe("language");
    expect(next(noQuestions)).toBeNull();
  });

  it("asks the intake until it is submitted, even when every other step is done", () => {
    expect(next({ ...EVERYTHING_DONE, intakeSubmitted: false })).toBe("intake");
  });

  it("does not ask an intake published after the check-in was complete", () => {
    expect(next({ ...EVERYTHING_DONE, intakeSubmitted: false, completed: true })).toBeNull();
  });

  it("asks a recording consent published after completion at the next visit, but a telehealth consent that no longer counts at once", () => {
    expect(next({ ...EVERYTHING_DONE, recordingAnswered: false, completed: true })).toBeNull();
    expect(next({ ...EVERYTHING_DONE, recordingAnswered: false })).toBe("consent");
    expect(next({ ...EVERYTHING_DONE, telehealthConsentValid: false, completed: true })).toBe("consent");
  });
});

describe("the date of birth step", () => {
  const before = { ...EVERYTHING_DONE, dateOfBirthConfirmed: false };

  it(`keeps asking after ${DATE_OF_BIRTH_TRIES - 1} wrong dates`, () => {
    expect(DATE_OF_BIRTH_TRIES).toBe(5);
    expect(next({ ...before, dateOfBirthFailedTries: DATE_OF_BIRTH_TRIES - 1 })).toBe("identity");
  });

  it(`stops asking after ${DATE_OF_BIRTH_TRIES}, so the patient goes on unconfirmed`, () => {
    expect(next({ ...before, dateOfBirthFailedTries: DATE_OF_BIRTH_TRIES })).toBeNull();
    expect(stepsDone({ ...NOTHING_DONE, dateOfBirthFailedTries: DATE_OF_BIRTH_TRIES + 1 }).identity).toBe(true);
  });
});
