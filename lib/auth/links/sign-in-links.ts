import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { recordSignInEvent } from "@/lib/audit/record";
import type { Prisma } from "@/lib/db/generated/client";
import type { Database } from "@/lib/db/prisma";
import { enqueueJob, type JobHandlers } from "@/lib/jobs/queue";
import { sendSignInLinkMail, SIGN_IN_LINK_MAIL_KIND, signInLinkMailJob } from "@/lib/notifications/sign-in-link-mail";
import type { ClientInfo } from "../client-info";
import { createSession } from "../sessions/sessions";
import { countFailure, linkRequestCounters, secondsSlowed } from "../sign-in/throttle";

// One-time sign-in links, for patients whose password sign-in is being slowed
// (their account is under attack, or they forgot their password). A link is
// worth an inbox: it is offered only to patient accounts without two-step
// verification, for which the password is the only other factor; staff and
// anyone with an authenticator app sign in with their code instead.

export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;
export const SIGN_IN_LINK_PATH = "/sign-in/link";

// 32 random bytes in base64url, as mintSignInLink makes them.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const signInLinkRequestInput = z.object({
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .toLowerCase()
    .max(254, "Enter your email address.")
    .pipe(z.email("Enter your email address, like name@example.org.")),
});

export type SignInLinkRequest = z.input<typeof signInLinkRequestInput>;

export const signInLinkToken = z.string().regex(TOKEN_PATTERN);

// The mail goes out from the job worker, which may not know the app's address: the job carries it.
function signInLinkPageUrl(): string {
  return new URL(SIGN_IN_LINK_PATH, process.env.APP_URL ?? "http://localhost:3000").toString();
}

/** Only the hash is stored, so reading the table does not yield working links. */
function hashLinkToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Accounts a link may sign in: active patients who have no second factor to use instead. */
const LINK_ACCOUNT: Prisma.UserWhereInput = { role: "PATIENT", disabledAt: null, mfaEnabledAt: null };

// Links sign in patients only, so a known account here is a patient's.
function auditLink(
  db: Pick<Database, "$executeRaw">,
  action: string,
  email: string,
  user: { id: string } | null,
  client: ClientInfo,
  outcome: "ALLOWED" | "DENIED",
  reason: string | null,
) {
  return recordSignInEvent(db, action, email, user && { id: user.id, role: "PATIENT" }, client, outcome, reason);
}

/**
 * Queues a sign-in link mail to `email` if it belongs to an account a link may
 * sign in, at most three an hour per account and ten per address. Whatever the
 * case, the caller tells the person the same thing, so asking reveals nothing
 * about the account; run it after the response is sent so the time taken
 * reveals nothing either.
 */
export async function requestSignInLink(
  db: Database,
  input: z.output<typeof signInLinkRequestInput>,
  client: ClientInfo,
  now = new Date(),
): Promise<void> {
  const { email } = input;
  const audit = (user: { id: string } | null, outcome: "ALLOWED" | "DENIED", reason: string) =>
    auditLink(db, "auth.sign_in_link.request", email, user, client, outcome, reason);
  const counters = linkRequestCounters({ email, ip: client.ip });
  const [waitSeconds, user] = await Promise.all([
    secondsSlowed(db, counters, now),
    db.user.findFirst({ where: { email, ...LINK_ACCOUNT }, select: { id: true } }),
  ]);
  if (waitSeconds > 0) return audit(user, "DENIED", "too many links asked for");
  await countFailure(db, counters, now);
  if (!user) return audit(null, "DENIED", "no account that signs in by link");

  await db.$transaction(async (tx) => {
    // One link at a time: asking again voids the earlier ones.
    await tx.signInLink.deleteMany({ where: { userId: user.id, usedAt: null } });
    const link = await tx.signInLink.create({
      data: { userId: user.id, expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS), createdAt: now },
      select: { id: true },
    });
    await enqueueJob(tx, signInLinkMailJob(link.id, signInLinkPageUrl(), now));
    await auditLink(tx, "auth.sign_in_link.request", email, user, client, "ALLOWED", "link queued");
  });
}

/**
 * Gives link `linkId` a new token and returns it with whom to send it to, or
 * null when the link was used, replaced or has expired. A job run twice mints
 * twice: only the latest mail's link then works.
 */
export async function mintSignInLink(db: Database, linkId: string, now = new Date()) {
  const token = randomBytes(32).toString("base64url");
  const { count } = await db.signInLink.updateMany({
    where: { id: linkId, usedAt: null, expiresAt: { gt: now }, user: LINK_ACCOUNT },
    data: { tokenHash: hashLinkToken(token) },
  });
  if (count !== 1) return null;
  const link = await db.signInLink.findUniqueOrThrow({
    where: { id: linkId },
    select: { expiresAt: true, user: { select: { email: true, name: true, patient: { select: { preferredLanguage: true } } } } },
  });
  const { patient, ...user } = link.user;
  return { token, expiresAt: link.expiresAt, to: { ...user, preferredLanguage: patient?.preferredLanguage ?? null } };
}

const mailPayload = z.object({ linkId: z.string(), signInUrl: z.url() });

export const signInLinkMailHandlers: JobHandlers = {
  [SIGN_IN_LINK_MAIL_KIND]: async (payload, { db, now }) => {
    const { linkId, signInUrl } = mailPayload.parse(payload);
    const minted = await mintSignInLink(db, linkId, now);
    // Used, replaced by a newer one, or too late to be of use: nothing to send.
    if (!minted) return;
    // Whole minutes left, rounded up: a mail sent at once says 15, not 14.
    const validMinutes = Math.ceil((minted.expiresAt.getTime() - now.getTime()) / 60_000);
    await sendSignInLinkMail(minted.to, `${signInUrl}/${minted.token}`, validMinutes);
  },
};

function usableLink(tokenHash: string, now: Date): Prisma.SignInLinkWhereInput {
  return { tokenHash, usedAt: null, expiresAt: { gt: now }, user: LINK_ACCOUNT };
}

/** Whether the token is a link that would sign someone in now; spends nothing. */
export async function isUsableSignInLink(db: Database, token: string, now = new Date()): Promise<boolean> {
  if (!signInLinkToken.safeParse(token).success) return false;
  return (await db.signInLink.count({ where: usableLink(hashLinkToken(token), now) })) === 1;
}

export type SignInWithLinkResult = { ok: true; userId: string; sessionToken: string } | { ok: false };

/**
 * Spends the link and opens a session for its patient. A link works once,
 * within its 15 minutes, for an account that may still sign in by link. It
 * leaves the sign-in throttle as it is: the attack that made the person ask for
 * the link may still be going on.
 */
export async function signInWithLink(db: Database, token: string, client: ClientInfo, now = new Date()): Promise<SignInWithLinkResult> {
  const tokenHash = signInLinkToken.safeParse(token).success ? hashLinkToken(token) : null;
  const link =
    tokenHash &&
    (await db.signInLink.findFirst({
      where: usableLink(tokenHash, now),
      select: { id: true, user: { select: { id: true, email: true } } },
    }));
  if (!link) {
    await auditLink(db, "auth.sign_in_link.use", "", null, client, "DENIED", "link unknown, used or expired");
    return { ok: false };
  }
  // Spending it is what claims it: of two simultaneous uses only one updates the row.
  const { count } = await db.signInLink.updateMany({ where: { id: link.id, ...usableLink(tokenHash!, now) }, data: { usedAt: now } });
  if (count !== 1) {
    await auditLink(db, "auth.sign_in_link.use", link.user.email, link.user, client, "DENIED", "link used meanwhile");
    return { ok: false };
  }
  const sessionToken = await createSession(db, link.user.id, client, now);
  await auditLink(db, "auth.sign_in_link.use", link.user.email, link.user, client, "ALLOWED", null);
  return { ok: true, userId: link.user.id, sessionToken };
}
