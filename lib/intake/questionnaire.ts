import { z } from "zod";
import {
  LONG_TEXT_ANSWER_MAX,
  MAX_OPTIONS,
  MAX_QUESTIONS,
  MEDICATION_RESPONSES,
  TEXT_ANSWER_MAX,
  type Answer,
  type Answers,
  type IntakeMedication,
} from "./question-kinds";

// What a visit type's check-in asks (IntakeQuestionnaire.questions) and what an
// answer to it may be. The answer schema is built from the questionnaire the
// patient is answering, so a wrong type, a number out of range or an unknown
// question is refused naming the question, before anything is stored. Free
// of server-only imports: the admin editor and the check-in step share the types.

/** Text that is shown to clinicians and patients: no markup and no control characters (tab and newline only where multi-line). */
function safeText(max: number, options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? /[<\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : /[<\u0000-\u001f\u007f]/;
  return z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((text) => !forbidden.test(text), "must not contain “<” or control characters");
}

const label = z.object({ en: safeText(300).min(1, "is required"), es: safeText(300).min(1, "is required") });
const questionId = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, "is a short name of letters and digits, starting with a lowercase letter");
const option = z.object({ id: questionId, label });

const questionBase = { id: questionId, label, required: z.boolean() };

export const question = z.discriminatedUnion("kind", [
  z.object({ ...questionBase, kind: z.literal("text") }),
  z.object({ ...questionBase, kind: z.literal("longText") }),
  z.object({ ...questionBase, kind: z.literal("choice"), options: z.array(option).min(2).max(MAX_OPTIONS) }),
  z.object({ ...questionBase, kind: z.literal("multiChoice"), options: z.array(option).min(2).max(MAX_OPTIONS) }),
  z.object({ ...questionBase, kind: z.literal("yesNo") }),
  z
    .object({ ...questionBase, kind: z.literal("number"), unit: safeText(20), min: z.number().finite(), max: z.number().finite() })
    .refine((number) => number.min < number.max, { message: "min must be less than max", path: ["max"] }),
  z.object({ ...questionBase, kind: z.literal("bloodPressure") }),
  z.object({ ...questionBase, kind: z.literal("medicationList") }),
  z.object({ ...questionBase, kind: z.literal("allergyChanges") }),
]);
export type Question = z.infer<typeof question>;

export const questionnaireQuestions = z
  .array(question)
  .min(1, "A questionnaire asks at least one question.")
  .max(MAX_QUESTIONS)
  .superRefine((questions, context) => {
    const seen = new Set<string>();
    questions.forEach((each, index) => {
      if (seen.has(each.id)) context.addIssue({ code: "custom", path: [index, "id"], message: `Question id “${each.id}” is used twice.` });
      seen.add(each.id);
      if ("options" in each && new Set(each.options.map((o) => o.id)).size !== each.options.length) {
        context.addIssue({ code: "custom", path: [index, "options"], message: "Each option needs its own id." });
      }
    });
  });

function answerSchema(asked: Question, medications: readonly IntakeMedication[]): z.ZodType<Answer> {
  switch (asked.kind) {
    case "text":
      return safeText(TEXT_ANSWER_MAX);
    case "longText":
      return safeText(LONG_TEXT_ANSWER_MAX, { multiline: true });
    case "choice": {
      const ids = asked.options.map((o) => o.id);
      return z.string().refine((value) => ids.includes(value), "is not one of the options");
    }
    case "multiChoice": {
      const ids = asked.options.map((o) => o.id);
      return z
        .array(z.string().refine((value) => ids.includes(value), "is not one of the options"))
        .max(ids.length)
        .refine((values) => new Set(values).size === values.length, "names an option twice");
    }
    case "yesNo":
      return z.boolean();
    case "number":
      return z
        .number()
        .finite()
        .min(asked.min, `must be at least ${asked.min} ${asked.unit}`)
        .max(asked.max, `must be at most ${asked.max} ${asked.unit}`);
    case "bloodPressure":
      return z
        .object({ systolic: z.number().int().min(50).max(300), diastolic: z.number().int().min(20).max(200) })
        .strict()
        .refine((pressure) => pressure.diastolic < pressure.systolic, "diastolic must be lower than systolic");
    case "medicationList": {
      const ids = new Set(medications.map((medication) => medication.id));
      return z
        .array(
          z
            .object({
              medicationId: z.string().refine((id) => ids.has(id), "is not one of your current medications"),
              response: z.enum(MEDICATION_RESPONSES),
              note: safeText(TEXT_ANSWER_MAX).default(""),
            })
            .strict(),
        )
        .max(ids.size)
        .refine((rows) => new Set(rows.map((row) => row.medicationId)).size === rows.length, "answers a medication twice");
    }
    case "allergyChanges":
      return z.object({ changed: z.boolean(), details: safeText(LONG_TEXT_ANSWER_MAX, { multiline: true }).default("") }).strict();
  }
}

/** Whether an answer counts as given, for required questions. */
export function isAnswered(answer: Answer | undefined): boolean {
  if (answer === undefined) return false;
  if (typeof answer === "string") return answer.trim() !== "";
  if (Array.isArray(answer)) return answer.length > 0;
  return true;
}

/**
 * The schema of the answers to `questions`: an object keyed by question id,
 * each optional while the patient is still answering and each required one
 * present once they finish (`complete`). Issues name the question by its id
 * (the path) and its English label (the message).
 */
export function answersSchema(questions: readonly Question[], medications: readonly IntakeMedication[], options: { complete: boolean }) {
  const shape = Object.fromEntries(
    questions.map((asked) => [asked.id, answerSchema(asked, medications).optional()] as const),
  ) as Record<string, z.ZodOptional<z.ZodType<Answer>>>;
  return z
    .object(shape)
    .strict()
    .superRefine((answers, context) => {
      for (const asked of questions) {
        if (options.complete && asked.required && !isAnswered(answers[asked.id] as Answer | undefined)) {
          context.addIssue({ code: "custom", path: [asked.id], message: `“${asked.label.en}” needs an answer.` });
        }
      }
    })
    .transform((answers) => answers as Answers);
}
