import "server-only";
import { z } from "zod";
import { actingUserId, authorize, refuseMissing, type RequestContext } from "@/lib/auth/access";
import { BREAK_GLASS_REASONS } from "@/lib/auth/break-glass/reasons";
import type { AccessReviewKind, Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { AppError } from "@/lib/http/app-error";
import { recordIdOf } from "@/lib/http/ids";
import { enqueueJob } from "@/lib/jobs/queue";
import { clinicalAccountNotice } from "@/lib/notifications/access-review-mail";
import { noControlCharacters } from "@/lib/scheduling/validation";

// The administrators' review queue: every break-glass use, and every clinical
// account an administrator created or re-enabled (an administrator who gave
// themselves a physician's account would show up here, and is announced to
// the others). An administrator acknowledges each with a comment, once; both
// the reading and the acknowledging are audited. The queue shows who, when,
// why and which patient record: never anything from the chart.

const CLINIC = { type: "clinic" } as const;
const ACKNOWLEDGED_SHOWN = 50;
const PENDING_SHOWN = 200;
export const ACKNOWLEDGEMENT_MAX = 1000;

export interface ReviewPerson {
  id: string;
  /** Null when the account no longer exists. */
  name: string | null;
  email: string | null;
  role: Role | null;
}

export interface AccessReviewItem {
  id: string;
  kind: AccessReviewKind;
  occurredAt: Date;
  /** Who acted: the physician who broke the glass, or the administrator. */
  actor: ReviewPerson;
  /** Whose access is under review (for break-glass, the same physician). */
  subject: ReviewPerson;
  breakGlass: { patientId: string; reason: string; reasonText: string; expiresAt: Date } | null;
  acknowledged: { by: ReviewPerson; at: Date; comment: string } | null;
}

export interface AccessReviewQueue {
  /** Oldest first: the longest waiting on top. */
  pending: AccessReviewItem[];
  /** The most recently acknowledged, newest first. */
  acknowledged: AccessReviewItem[];
}

const REVIEW_SELECT = {
  id: true,
  kind: true,
  occurredAt: true,
  actorId: true,
  subjectUserId: true,
  acknowledgedById: true,
  acknowledgedAt: true,
  acknowledgement: true,
  breakGlassGrant: { select: { patientId: true, reasonCode: true, reasonText: true, expiresAt: true } },
} as const;

/** The queue as administrators see it; reading it is audited. */
export async function listAccessReviews(db: Database, context: RequestContext): Promise<AccessReviewQueue> {
  await authorize(db, context, "access.review.read", CLINIC);
  const [pending, acknowledged] = await Promise.all([
    db.accessReview.findMany({ where: { acknowledgedAt: null }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }], take: PENDING_SHOWN, select: REVIEW_SELECT }),
    db.accessReview.findMany({
      where: { acknowledgedAt: { not: null } },
      orderBy: [{ acknowledgedAt: "desc" }, { id: "desc" }],
      take: ACKNOWLEDGED_SHOWN,
      select: REVIEW_SELECT,
    }),
  ]);
  const rows = [...pending, ...acknowledged];
  const userIds = [...new Set(rows.flatMap((row) => [row.actorId, row.subjectUserId, ...(row.acknowledgedById ? [row.acknowledgedById] : [])]))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true, role: true } });
  const byId = new Map(users.map((user) => [user.id, user]));
  const person = (id: string): ReviewPerson => ({ id, name: null, email: null, role: null, ...byId.get(id) });
  const toItem = (row: (typeof rows)[number]): AccessReviewItem => ({
    id: row.id,
    kind: row.kind,
    occurredAt: row.occurredAt,
    actor: person(row.actorId),
    subject: person(row.subjectUserId),
    breakGlass: row.breakGlassGrant && {
      patientId: row.breakGlassGrant.patientId,
      reason: BREAK_GLASS_REASONS[row.breakGlassGrant.reasonCode],
      reasonText: row.breakGlassGrant.reasonText,
      expiresAt: row.breakGlassGrant.expiresAt,
    },
    acknowledged:
      row.acknowledgedById && row.acknowledgedAt && row.acknowledgement !== null
        ? { by: person(row.acknowledgedById), at: row.acknowledgedAt, comment: row.acknowledgement }
        : null,
  });
  return { pending: pending.map(toItem), acknowledged: acknowledged.map(toItem) };
}

export const acknowledgeReviewInput = z.strictObject({
  reviewId: recordIdOf("review"),
  comment: z
    .string("Write what you checked.")
    .trim()
    .min(3, "Write what you checked.")
    .max(ACKNOWLEDGEMENT_MAX, `Keep the comment to ${ACKNOWLEDGEMENT_MAX} characters.`)
    .refine((text) => noControlCharacters(text.replace(/\r?\n/g, " ")), "Remove control characters."),
});

export type AcknowledgeReviewInput = z.input<typeof acknowledgeReviewInput>;

/** The review was acknowledged already (perhaps by another administrator a moment ago). */
export class ReviewAlreadyAcknowledgedError extends AppError {
  override name = "ReviewAlreadyAcknowledgedError";
  readonly status = 409;
  readonly code = "REVIEW_ALREADY_ACKNOWLEDGED";
  constructor() {
    super("This entry was acknowledged already.");
  }
}

/**
 * Acknowledges an entry with the administrator's comment, once. Audited with
 * the comment (under the patient, for a break-glass use); the policy refuses
 * the administrator whose own change it is.
 */
export async function acknowledgeReview(
  db: Database,
  context: RequestContext,
  input: AcknowledgeReviewInput,
  options: { now?: Date } = {},
): Promise<void> {
  const { reviewId, comment } = acknowledgeReviewInput.parse(input);
  const review = await db.accessReview.findUnique({
    where: { id: reviewId },
    select: { id: true, kind: true, actorId: true, breakGlassGrant: { select: { patientId: true } } },
  });
  if (!review) return refuseMissing(db, context, "access.review.acknowledge", "accessReview", reviewId);
  await authorize(
    db,
    context,
    "access.review.acknowledge",
    { type: "accessReview", reviewId: review.id, actorId: review.actorId, patientId: review.breakGlassGrant?.patientId ?? null },
    { detail: `Acknowledged: ${comment}` },
  );
  const { count } = await db.accessReview.updateMany({
    where: { id: review.id, acknowledgedAt: null },
    data: { acknowledgedById: actingUserId(context), acknowledgedAt: options.now ?? new Date(), acknowledgement: comment },
  });
  if (count === 0) throw new ReviewAlreadyAcknowledgedError();
}

type ReviewWriter = Pick<Database, "accessReview" | "job">;

/**
 * Queues the review of a physician account an administrator just created or
 * re-enabled, with the mail announcing it to the other administrators. Call
 * it in the transaction that makes the change.
 */
export async function reviewClinicalAccountChange(
  tx: ReviewWriter,
  change: { kind: Exclude<AccessReviewKind, "BREAK_GLASS">; administratorId: string; accountId: string },
  now = new Date(),
): Promise<void> {
  const review = await tx.accessReview.create({
    data: { kind: change.kind, actorId: change.administratorId, subjectUserId: change.accountId, occurredAt: now },
    select: { id: true },
  });
  await enqueueJob(tx, clinicalAccountNotice(review.id, now));
}
