import type { VisitUploadKind } from "@/lib/db/generated/enums";
import type { Answers, IntakeMedication } from "./question-kinds";
import type { Question } from "./questionnaire";

// What the intake APIs answer, shared by lib/intake and the browser (dates are strings there: IntakeJson).

export interface IntakeUploadView {
  id: string;
  kind: VisitUploadKind;
  contentType: string;
  byteSize: number;
  createdAt: Date;
}

export interface IntakeView {
  /** Null when the visit type has no questionnaire: there is nothing to answer. */
  questionnaire: { id: string; version: number; questions: Question[] } | null;
  answers: Answers;
  completedAt: Date | null;
  medications: IntakeMedication[];
  uploads: IntakeUploadView[];
  identityVerified: { at: Date; byName: string | null } | null;
  /** The answers as plain text, for the note's Subjective. */
  answersText: string;
}

type Jsonified<T> = T extends Date ? string : T extends Array<infer Item> ? Jsonified<Item>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

/** GET/PUT /api/visits/[appointmentId]/intake, as the browser receives it. */
export type IntakeJson = Jsonified<IntakeView>;
export type IntakeUploadJson = Jsonified<IntakeUploadView>;
