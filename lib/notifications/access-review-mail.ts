import "server-only";
import { z } from "zod";
import { BREAK_GLASS_REASONS } from "@/lib/auth/break-glass/reasons";
import type { Database } from "@/lib/db/prisma";
import type { JobHandler, JobHandlers, JobRequest } from "@/lib/jobs/queue";
import { sendMail } from "@/lib/mail/send";

// Mail about entries of the access review queue, sent by the job queue: each
// break-glass use goes to the privacy officer (PRIVACY_OFFICER_EMAIL; the
// active administrators when it is not set, so it never goes unseen), and a
// clinical account an administrator created or re-enabled is announced to the
// other administrators (the privacy officer when there are none). The mail
// names the patient by record id and the reason by its category: the
// physician's own words, which may describe the patient's condition, stay in
// the app.

const ACCESS_REVIEW_MAIL_KINDS = {
  breakGlass: "access.breakGlass.notice",
  clinicalAccount: "access.clinicalAccount.notice",
} as const;

const breakGlassPayload = z.object({ grantId: z.string() });
const clinicalAccountPayload = z.object({ reviewId: z.string() });

export function breakGlassNotice(grantId: string, now: Date): JobRequest {
  return {
    kind: ACCESS_REVIEW_MAIL_KINDS.breakGlass,
    payload: { grantId },
    runAt: now,
    dedupeKey: `${ACCESS_REVIEW_MAIL_KINDS.breakGlass}:${grantId}`,
  };
}

export function clinicalAccountNotice(reviewId: string, now: Date): JobRequest {
  return {
    kind: ACCESS_REVIEW_MAIL_KINDS.clinicalAccount,
    payload: { reviewId },
    runAt: now,
    dedupeKey: `${ACCESS_REVIEW_MAIL_KINDS.clinicalAccount}:${reviewId}`,
  };
}

function privacyOfficer(): string[] {
  const address = process.env.PRIVACY_OFFICER_EMAIL?.trim();
  return address ? [address] : [];
}

/** Administrators who can sign in, apart from `exceptUserId`. */
async function activeAdministrators(db: Database, exceptUserId: string | null): Promise<string[]> {
  const admins = await db.user.findMany({
    where: { role: "ADMIN", disabledAt: null, passwordHash: { not: null }, ...(exceptUserId ? { id: { not: exceptUserId } } : {}) },
    select: { email: true },
    orderBy: { email: "asc" },
  });
  return admins.map((admin) => admin.email);
}

function reviewQueueUrl(): string {
  return new URL("/admin/reviews", process.env.APP_URL ?? "http://localhost:3000").toString();
}

function describeUser(user: { name: string; email: string } | null, id: string): string {
  return user ? `${user.name} (${user.email})` : `user ${id}`;
}

/** "2026-12-03 17:10 UTC": one unambiguous zone for readers anywhere. */
function utc(instant: Date): string {
  return `${instant.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const sendBreakGlassNotice: JobHandler = async (payload, { db }) => {
  const { grantId } = breakGlassPayload.parse(payload);
  const grant = await db.breakGlassGrant.findUnique({ where: { id: grantId } });
  if (!grant) return;
  const to = privacyOfficer();
  if (to.length === 0) to.push(...(await activeAdministrators(db, null)));
  if (to.length === 0) return;
  const physician = await db.user.findUnique({ where: { id: grant.userId }, select: { name: true, email: true } });
  await sendMail({
    to: to.join(", "),
    subject: `Break-glass access by ${physician?.name ?? "a physician"}`,
    text: [
      `${describeUser(physician, grant.userId)} used break-glass access to open a patient's chart outside their care relationship.`,
      "",
      `Patient record: ${grant.patientId}`,
      `Reason: ${BREAK_GLASS_REASONS[grant.reasonCode]} (their own words are in the review queue)`,
      `Opened: ${utc(grant.grantedAt)}, until ${utc(grant.expiresAt)}`,
      "",
      `Review and acknowledge it in the access review queue: ${reviewQueueUrl()}`,
    ].join("\n"),
  });
};

const sendClinicalAccountNotice: JobHandler = async (payload, { db }) => {
  const { reviewId } = clinicalAccountPayload.parse(payload);
  const review = await db.accessReview.findUnique({ where: { id: reviewId } });
  if (!review || review.kind === "BREAK_GLASS") return;
  const to = await activeAdministrators(db, review.actorId);
  if (to.length === 0) to.push(...privacyOfficer());
  if (to.length === 0) return;
  const [admin, account] = await Promise.all(
    [review.actorId, review.subjectUserId].map((id) => db.user.findUnique({ where: { id }, select: { name: true, email: true } })),
  );
  const created = review.kind === "CLINICAL_ACCOUNT_CREATED";
  await sendMail({
    to: to.join(", "),
    subject: `${created ? "New clinical account" : "Clinical account re-enabled"}: ${account?.name ?? review.subjectUserId}`,
    text: [
      `${describeUser(admin ?? null, review.actorId)} ${created ? "created" : "re-enabled"} the physician account of ${describeUser(account ?? null, review.subjectUserId)} on ${utc(review.occurredAt)}.`,
      "A physician account reads the charts of the patients it cares for. If you did not expect this, check it now.",
      "",
      `Review and acknowledge it in the access review queue: ${reviewQueueUrl()}`,
    ].join("\n"),
  });
};

export const accessReviewMailHandlers: JobHandlers = {
  [ACCESS_REVIEW_MAIL_KINDS.breakGlass]: sendBreakGlassNotice,
  [ACCESS_REVIEW_MAIL_KINDS.clinicalAccount]: sendClinicalAccountNotice,
};
