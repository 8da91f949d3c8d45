// The kinds of question a check-in asks and the shape of an answer, without
// zod: the patient's check-in form (in the visit page's first download) and
// the admin editor need these, not the schemas of questionnaire.ts.

export const QUESTION_KINDS = [
  "text",
  "longText",
  "choice",
  "multiChoice",
  "yesNo",
  "number",
  "bloodPressure",
  "medicationList",
  "allergyChanges",
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const MAX_QUESTIONS = 40;
export const MAX_OPTIONS = 20;
export const TEXT_ANSWER_MAX = 500;
export const LONG_TEXT_ANSWER_MAX = 4000;

export const MEDICATION_RESPONSES = ["taking", "notTaking", "takingDifferently"] as const;
export type MedicationResponse = (typeof MEDICATION_RESPONSES)[number];

/** One answer per kind; `undefined` in the answers map is a question not (yet) answered. */
export type Answer =
  | string
  | string[]
  | boolean
  | number
  | { systolic: number; diastolic: number }
  | Array<{ medicationId: string; response: MedicationResponse; note: string }>
  | { changed: boolean; details: string };
export type Answers = Record<string, Answer>;

/** The patient's current medications, which a medicationList question lists. */
export interface IntakeMedication {
  id: string;
  name: string;
  dose: string;
  frequency: string;
}
