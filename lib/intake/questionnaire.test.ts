import { describe, expect, it } from "vitest";
import { DEMO_INTAKE_QUESTIONS } from "@/lib/db/seed/intake-questionnaire";
import { intakeAnswersText } from "./answer-text";
import { answersSchema, questionnaireQuestions, type Question } from "./questionnaire";

const medications = [{ id: "med-1", name: "Metformin", dose: "500 mg", frequency: "twice daily" }];

function refusal(answers: unknown, options = { complete: false }) {
  const result = answersSchema(DEMO_INTAKE_QUESTIONS, medications, options).safeParse(answers);
  return result.success ? null : result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

describe("a questionnaire", () => {
  it("accepts the demo clinic's", () => {
    expect(questionnaireQuestions.parse(DEMO_INTAKE_QUESTIONS)).toEqual(DEMO_INTAKE_QUESTIONS);
  });

  it("refuses a question id used twice, markup in a label, a number whose min is not below its max, and an unknown kind", () => {
    const [first] = DEMO_INTAKE_QUESTIONS as [Question];
    expect(questionnaireQuestions.safeParse([first, first]).success).toBe(false);
    expect(questionnaireQuestions.safeParse([{ ...first, label: { en: "<script>alert(1)</script>", es: "x" } }]).success).toBe(false);
    expect(questionnaireQuestions.safeParse([{ id: "w", kind: "number", label: { en: "W", es: "P" }, required: false, unit: "lb", min: 5, max: 5 }]).success).toBe(false);
    expect(questionnaireQuestions.safeParse([{ ...first, kind: "file" }]).success).toBe(false);
    expect(questionnaireQuestions.safeParse([]).success).toBe(false);
  });
});

describe("answers", () => {
  it("take each kind's shape, partially while the patient is still answering", () => {
    const answers = {
      reason: "Sugar readings high\\nsince Monday",
      symptoms: ["fatigue", "dizziness"],
      medications: [{ medicationId: "med-1", response: "takingDifferently", note: "once a day" }],
      allergies: { changed: false, details: "" },
      bloodPressure: { systolic: 142, diastolic: 91 },
      glucose: 212,
    };
    expect(refusal(answers)).toBeNull();
    expect(refusal({})).toBeNull();
  });

  it("are refused naming the question: wrong type, out of range, unknown option, unknown question, oversized or hostile text, a medication not theirs", () => {
    expect(refusal({ glucose: "212" })).toEqual([{ path: "glucose", message: expect.stringContaining("number") }]);
    expect(refusal({ glucose: 900 })).toEqual([{ path: "glucose", message: "must be at most 600 mg/dL" }]);
    expect(refusal({ weight: 1 })).toEqual([{ path: "weight", message: "must be at least 2 lb" }]);
    expect(refusal({ symptoms: ["headache"] })).toEqual([{ path: "symptoms.0", message: "is not one of the options" }]);
    expect(refusal({ favouriteColour: "blue" })).toEqual([{ path: "", message: expect.stringContaining("favouriteColour") }]);
    expect(refusal({ reason: "x".repeat(4001) })).toEqual([{ path: "reason", message: "at most 4000 characters" }]);
    expect(refusal({ reason: "<img src=x onerror=alert(1)>" })).toEqual([{ path: "reason", message: "must not contain “<” or control characters" }]);
    expect(refusal({ reason: "bell\u0007" })).toEqual([{ path: "reason", message: "must not contain “<” or control characters" }]);
    expect(refusal({ bloodPressure: { systolic: 80, diastolic: 120 } })).toEqual([
      { path: "bloodPressure", message: "diastolic must be lower than systolic" },
    ]);
    expect(refusal({ medications: [{ medicationId: "someone-elses", response: "taking" }] })).toEqual([
      { path: "medications.0.medicationId", message: "is not one of your current medications" },
    ]);
    expect(refusal({ allergies: true })).not.toBeNull();
  });

  it("must answer every required question once the patient finishes", () => {
    expect(refusal({ reason: "Follow-up" }, { complete: true })).toEqual([
      { path: "allergies", message: "“Have your allergies changed since your last visit?” needs an answer." },
    ]);
    expect(refusal({ reason: "   ", allergies: { changed: false } }, { complete: true })).toEqual([
      { path: "reason", message: "“What is the main reason for your visit today?” needs an answer." },
    ]);
    expect(refusal({ reason: "Follow-up", allergies: { changed: true, details: "Penicillin rash" } }, { complete: true })).toBeNull();
  });
});

describe("the answers as text for the note", () => {
  it("names each answered question and its answer in English, and leaves out the rest", () => {
    const text = intakeAnswersText(
      DEMO_INTAKE_QUESTIONS,
      {
        reason: "Sugar readings high",
        symptoms: ["fatigue"],
        medications: [{ medicationId: "med-1", response: "notTaking", note: "ran out" }],
        allergies: { changed: true, details: "Penicillin rash" },
        bloodPressure: { systolic: 142, diastolic: 91 },
        weight: 181.5,
      },
      medications,
    );
    expect(text).toBe(
      [
        "Patient-reported at check-in:",
        "- What is the main reason for your visit today?: Sugar readings high",
        "- Do you have any of these symptoms?: Tiredness",
        "- Are you taking your current medications?: ",
        "  - Metformin 500 mg: not taking (ran out)",
        "- Have your allergies changed since your last visit?: Changed: Penicillin rash",
        "- Blood pressure measured at home: 142/91 mmHg",
        "- Weight: 181.5 lb",
      ].join("\n"),
    );
    expect(intakeAnswersText(DEMO_INTAKE_QUESTIONS, {}, medications)).toBe("");
  });
});
