import type { Answer, Answers, IntakeMedication, MedicationResponse } from "./question-kinds";
import type { Question } from "./questionnaire";

// The patient's answers as plain text, in English, for the note's Subjective
// (the physician inserts it when they choose). Unanswered questions are left out.

const MEDICATION_RESPONSE_TEXT: Record<MedicationResponse, string> = {
  taking: "taking",
  notTaking: "not taking",
  takingDifferently: "taking differently",
};

function answerText(asked: Question, answer: Answer, medications: readonly IntakeMedication[]): string {
  switch (asked.kind) {
    case "text":
    case "longText":
      return String(answer);
    case "choice":
      return asked.options.find((o) => o.id === answer)?.label.en ?? String(answer);
    case "multiChoice":
      return (answer as string[]).map((id) => asked.options.find((o) => o.id === id)?.label.en ?? id).join(", ");
    case "yesNo":
      return answer ? "Yes" : "No";
    case "number":
      return `${answer as number} ${asked.unit}`.trim();
    case "bloodPressure": {
      const { systolic, diastolic } = answer as { systolic: number; diastolic: number };
      return `${systolic}/${diastolic} mmHg`;
    }
    case "medicationList":
      return (answer as Array<{ medicationId: string; response: MedicationResponse; note: string }>)
        .map((row) => {
          const medication = medications.find((m) => m.id === row.medicationId);
          const name = medication ? `${medication.name} ${medication.dose}` : "A medication no longer listed";
          return `\n  - ${name}: ${MEDICATION_RESPONSE_TEXT[row.response]}${row.note ? ` (${row.note})` : ""}`;
        })
        .join("");
    case "allergyChanges": {
      const { changed, details } = answer as { changed: boolean; details: string };
      return changed ? `Changed${details ? `: ${details}` : ""}` : "No changes";
    }
  }
}

export function intakeAnswersText(questions: readonly Question[], answers: Answers, medications: readonly IntakeMedication[]): string {
  const lines = questions
    .filter((asked) => answers[asked.id] !== undefined)
    .map((asked) => `- ${asked.label.en}: ${answerText(asked, answers[asked.id]!, medications)}`);
  return lines.length > 0 ? `Patient-reported at check-in:\n${lines.join("\n")}` : "";
}
