import "server-only";
import { z } from "zod";
import { actingUserId, authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import type { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { IntakeError } from "./errors";
import { questionnaireQuestions, type Question } from "./questionnaire";

// The administrators' side of intake: each visit type's current questionnaire,
// and publishing a new version. A version is never edited: check-ins already
// answered keep pointing at the version they answered.

export const publishQuestionnaireInput = z.object({
  visitTypeId: recordId,
  /** The version the editor started from (0 for none): publishing over someone else's newer version is refused. */
  basedOnVersion: z.number().int().min(0),
  questions: questionnaireQuestions,
});
export type PublishQuestionnaireInput = z.infer<typeof publishQuestionnaireInput>;

export interface VisitTypeQuestionnaire {
  visitTypeId: string;
  visitTypeName: string;
  current: { version: number; publishedAt: Date; publishedByName: string; questions: Question[] } | null;
}

export async function listQuestionnaires(db: Database, context: RequestContext): Promise<VisitTypeQuestionnaire[]> {
  await authorize(db, context, "questionnaire.publish", { type: "clinic" }, { detail: "list intake questionnaires" });
  const visitTypes = await db.visitType.findMany({
    where: { isActive: true },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      intakeQuestionnaires: {
        orderBy: { version: "desc" },
        take: 1,
        select: { version: true, publishedAt: true, questions: true, publishedBy: { select: { name: true } } },
      },
    },
  });
  return visitTypes.map((visitType) => {
    const [current] = visitType.intakeQuestionnaires;
    return {
      visitTypeId: visitType.id,
      visitTypeName: visitType.name,
      current: current
        ? {
            version: current.version,
            publishedAt: current.publishedAt,
            publishedByName: current.publishedBy.name,
            questions: questionnaireQuestions.parse(current.questions),
          }
        : null,
    };
  });
}

export async function publishQuestionnaire(db: Database, context: RequestContext, input: PublishQuestionnaireInput): Promise<{ version: number }> {
  await authorize(db, context, "questionnaire.publish", { type: "clinic" }, { detail: `visit type ${input.visitTypeId}` });
  const publishedById = actingUserId(context);
  const visitType = await db.visitType.findUnique({ where: { id: input.visitTypeId }, select: { id: true } });
  if (!visitType) return refuseMissing(db, context, "questionnaire.publish", "clinic", input.visitTypeId);
  const latest = await db.intakeQuestionnaire.findFirst({ where: { visitTypeId: visitType.id }, orderBy: { version: "desc" }, select: { version: true } });
  const current = latest?.version ?? 0;
  if (input.basedOnVersion !== current) {
    throw new IntakeError("STALE_VERSION", `Version ${current} was published since you opened this editor. Reload to see it, then make your changes again.`);
  }
  // The unique (visitTypeId, version) refuses the second of two publishers racing for the same number.
  const created = await db.intakeQuestionnaire.create({
    data: { visitTypeId: visitType.id, version: current + 1, questions: input.questions as Prisma.InputJsonValue, publishedById },
    select: { version: true },
  });
  return created;
}
