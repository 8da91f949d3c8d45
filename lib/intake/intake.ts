import "server-only";
import { z } from "zod";
import { actingUserId, type RequestContext } from "@/lib/auth/access";
import type { Prisma } from "@/lib/db/generated/client";
import { completeCheckInIfDone } from "@/lib/checkin/check-in";
import type { Database } from "@/lib/db/prisma";
import { InvalidRequestError } from "@/lib/http/app-error";
import { recordId } from "@/lib/http/ids";
import { authorizeAppointment } from "@/lib/visits/appointment";
import { intakeAnswersText } from "./answer-text";
import { IntakeError } from "./errors";
import type { Answers, IntakeMedication } from "./question-kinds";
import { answersSchema, type Question } from "./questionnaire";
import type { IntakeView } from "./types";
import { visitQuestionnaire } from "./visit-questionnaire";

// The visit's intake, a step of the check-in: the visit type's questionnaire,
// the patient's answers (saved as they go, so a check-in left halfway
// resumes), and the physician's attestation that the patient's identity was
// verified. Answers live in the visit's VisitCheckIn row, which other steps of
// the check-in share: only the intake's own columns are written here, and
// submitting them completes the check-in when it was the last step, whether
// from the check-in or from the portal's intake page.

/** Appointments that can still be checked in to. */
const OVER: ReadonlySet<string> = new Set(["COMPLETED", "CANCELLED", "NO_SHOW"]);

export const saveIntakeInput = z.object({
  appointmentId: recordId,
  answers: z.record(z.string().max(40), z.unknown(), "Send the answers as an object keyed by question id."),
  /** The patient finished: every required question must then be answered. */
  complete: z.boolean(),
});
export type SaveIntakeInput = z.infer<typeof saveIntakeInput>;

/** The visit's intake so far, and the questionnaire it answers. */
async function intakeOf(db: Database, appointment: { id: string; visitTypeId: string }) {
  const checkIn = await db.visitCheckIn.findUnique({
    where: { appointmentId: appointment.id },
    select: { intakeQuestionnaireId: true, intakeCompletedAt: true },
  });
  const questionnaire = await visitQuestionnaire(db, { visitTypeId: appointment.visitTypeId, answeredQuestionnaireId: checkIn?.intakeQuestionnaireId ?? null });
  return { questionnaire, submittedAt: checkIn?.intakeCompletedAt ?? null };
}

function currentMedications(db: Database, patientId: string): Promise<IntakeMedication[]> {
  return db.medication.findMany({
    where: { patientId, status: "ACTIVE" },
    orderBy: { name: "asc" },
    select: { id: true, name: true, dose: true, frequency: true },
  });
}

/** The intake as the visit's patient (to answer or resume it) or its physician (to read it) sees it. */
export async function getIntake(db: Database, context: RequestContext, appointmentId: string): Promise<IntakeView> {
  const appointment = await authorizeAppointment(db, context, appointmentId, "intake.read", { select: { visitTypeId: true } });
  const [{ questionnaire }, medications, checkIn, uploads] = await Promise.all([
    intakeOf(db, appointment),
    currentMedications(db, appointment.patientId),
    db.visitCheckIn.findUnique({
      where: { appointmentId },
      select: {
        intakeAnswers: true,
        intakeCompletedAt: true,
        identityVerifiedAt: true,
        identityVerifiedBy: { select: { name: true } },
      },
    }),
    db.visitUpload.findMany({
      where: { appointmentId },
      orderBy: { createdAt: "asc" },
      select: { id: true, kind: true, contentType: true, byteSize: true, createdAt: true },
    }),
  ]);
  const answers = (checkIn?.intakeAnswers ?? {}) as Answers;
  return {
    questionnaire,
    answers,
    completedAt: checkIn?.intakeCompletedAt ?? null,
    medications,
    uploads,
    identityVerified: checkIn?.identityVerifiedAt ? { at: checkIn.identityVerifiedAt, byName: checkIn.identityVerifiedBy?.name ?? null } : null,
    answersText: questionnaire ? intakeAnswersText(questionnaire.questions, answers, medications) : "",
  };
}

/** For the intake page: the visit's patient may answer its check-in (audited); throws otherwise. */
export async function authorizeIntakeStep(db: Database, context: RequestContext, appointmentId: string): Promise<void> {
  await authorizeAppointment(db, context, appointmentId, "intake.write");
}

/**
 * Saves the patient's answers (all given so far; `complete` when they submit
 * them). Answers that do not fit the questionnaire are refused naming the
 * question, and nothing is stored. Once submitted, the intake stays submitted
 * (the check-in never asks it again), so later changes must keep every
 * required answer.
 */
export async function saveIntakeAnswers(db: Database, context: RequestContext, input: SaveIntakeInput, now = new Date()): Promise<IntakeView> {
  const appointment = await authorizeAppointment(db, context, input.appointmentId, "intake.write", {
    select: { visitTypeId: true, status: true },
  });
  if (OVER.has(appointment.status)) throw new IntakeError("VISIT_OVER", "This visit is over, so its check-in cannot be changed.");
  const { questionnaire, submittedAt } = await intakeOf(db, appointment);
  if (!questionnaire) throw new IntakeError("NO_QUESTIONNAIRE", "This visit has no questions to answer.");
  const medications = await currentMedications(db, appointment.patientId);
  const complete = input.complete || submittedAt !== null;
  const parsed = answersSchema(questionnaire.questions, medications, { complete }).safeParse(input.answers);
  if (!parsed.success) throw new InvalidRequestError(parsed.error.issues.map((issue) => namedIssue(questionnaire.questions, issue)));
  const intake = {
    intakeQuestionnaireId: questionnaire.id,
    intakeAnswers: parsed.data as Prisma.InputJsonValue,
    intakeCompletedAt: submittedAt ?? (complete ? now : null),
  };
  await db.visitCheckIn.upsert({
    where: { appointmentId: appointment.id },
    create: { appointmentId: appointment.id, patientId: appointment.patientId, ...intake },
    update: intake,
  });
  if (complete) await completeCheckInIfDone(db, appointment, now);
  return getIntake(db, context, appointment.id);
}

/** An answer's issue as the patient reads it: the question's label, then what is wrong; the path is the question's id. */
function namedIssue(questions: readonly Question[], issue: z.core.$ZodIssue): { path: string; message: string } {
  if (issue.code === "unrecognized_keys") {
    return { path: issue.keys.join(","), message: `There is no question “${issue.keys.join("”, “")}” in this check-in.` };
  }
  const id = String(issue.path[0] ?? "");
  const asked = questions.find((each) => each.id === id);
  const message = issue.message.startsWith("“") || !asked ? issue.message : `“${asked.label.en}”: ${issue.message}`;
  return { path: issue.path.join("."), message };
}

/**
 * The visit's physician attests that the patient's identity was verified in
 * the call. Idempotent: the first attestation stands.
 */
export async function verifyIdentity(db: Database, context: RequestContext, appointmentId: string): Promise<IntakeView["identityVerified"]> {
  const appointment = await authorizeAppointment(db, context, appointmentId, "identity.verify");
  const userId = actingUserId(context);
  const now = new Date();
  await db.visitCheckIn.upsert({
    where: { appointmentId: appointment.id },
    create: { appointmentId: appointment.id, patientId: appointment.patientId, identityVerifiedAt: now, identityVerifiedById: userId },
    update: {},
  });
  await db.visitCheckIn.updateMany({
    where: { appointmentId: appointment.id, identityVerifiedAt: null },
    data: { identityVerifiedAt: now, identityVerifiedById: userId },
  });
  const checkIn = await db.visitCheckIn.findUniqueOrThrow({
    where: { appointmentId: appointment.id },
    select: { identityVerifiedAt: true, identityVerifiedBy: { select: { name: true } } },
  });
  return { at: checkIn.identityVerifiedAt!, byName: checkIn.identityVerifiedBy?.name ?? null };
}
