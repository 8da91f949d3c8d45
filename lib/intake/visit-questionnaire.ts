import "server-only";
import type { Database } from "@/lib/db/prisma";
import { questionnaireQuestions, type Question } from "./questionnaire";

// Which questionnaire a visit's intake answers, for the intake itself and for
// the check-in, which asks the intake as a step only when there is one.

export type VisitQuestionnaire = { id: string; version: number; questions: Question[] };

const FIELDS = { id: true, version: true, questions: true } as const;

/** The questionnaire the visit's answers belong to: the one already answered, else its visit type's current one. */
export async function visitQuestionnaire(
  db: Database,
  visit: { visitTypeId: string; answeredQuestionnaireId: string | null },
): Promise<VisitQuestionnaire | null> {
  const row = visit.answeredQuestionnaireId
    ? await db.intakeQuestionnaire.findUnique({ where: { id: visit.answeredQuestionnaireId }, select: FIELDS })
    : await db.intakeQuestionnaire.findFirst({ where: { visitTypeId: visit.visitTypeId }, orderBy: { version: "desc" }, select: FIELDS });
  return row ? { id: row.id, version: row.version, questions: questionnaireQuestions.parse(row.questions) } : null;
}
