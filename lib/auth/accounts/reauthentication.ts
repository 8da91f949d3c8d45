import "server-only";
import { z } from "zod";
import { recordAccountEvent } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import type { OwnAccount } from "./account";
import { ReauthenticationRequiredError } from "../errors";
import { authenticate, type SignInFailure } from "../sign-in/sign-in";

// Step-up authentication for sensitive changes to an account: whoever holds a
// session must have shown the password (and, with two-step verification on, a
// code) within the last 5 minutes. Signing in counts, so the staff member sent
// to set up two-step verification straight after signing in is not asked again.

export const REAUTHENTICATION_MAX_AGE_MS = 5 * 60 * 1000;

export const confirmIdentityInput = z.object({
  password: z.string().min(1, "Enter your password.").max(1024, "Enter your password."),
  // People type codes as they see them, "123 456"; neither TOTP nor recovery codes contain spaces.
  code: z
    .string()
    .max(64, "Enter the code from your authenticator app, or a recovery code.")
    .optional()
    .transform((code) => code?.replace(/\s/g, "") || undefined),
});

export type ConfirmIdentityInput = z.input<typeof confirmIdentityInput>;

export type ConfirmIdentityResult = { ok: true } | { ok: false; field: "password" | "code"; problem: string };

const PROBLEMS: Record<SignInFailure, { field: "password" | "code"; problem: string }> = {
  invalid: { field: "password", problem: "That password is incorrect." },
  slowed: {
    field: "password",
    problem:
      "Too many failed attempts on your account: for now it takes your password together with a code from your authenticator app. Otherwise, try again in 15 minutes.",
  },
  mfa_required: { field: "code", problem: "Enter the code from your authenticator app, or a recovery code." },
  mfa_invalid: { field: "code", problem: "That code didn't work. Try again." },
  mfa_slowed: { field: "code", problem: "Too many wrong codes. Try again in 15 minutes." },
};

/**
 * Checks the signed-in person's password (and code) under the same throttle as
 * signing in, and on success records on this session that they just did.
 */
export async function confirmIdentity(
  db: Database,
  own: OwnAccount,
  rawInput: ConfirmIdentityInput,
  now = new Date(),
): Promise<ConfirmIdentityResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: own.userId }, select: { id: true, role: true, email: true } });
  const audit = (outcome: "ALLOWED" | "DENIED", reason: string) =>
    recordAccountEvent(db, user, own.client, "auth.reauthenticate", outcome, reason);

  const parsed = confirmIdentityInput.safeParse(rawInput);
  if (!parsed.success) return { ok: false, field: "password", problem: parsed.error.issues[0]!.message };
  if (own.sessionKey === null) {
    await audit("DENIED", "no session");
    return { ok: false, ...PROBLEMS.invalid };
  }

  const result = await authenticate(db, { email: user.email, ...parsed.data }, own.client, now);
  if (!result.ok) {
    await audit("DENIED", result.reason);
    return { ok: false, ...PROBLEMS[result.failure] };
  }
  await db.session.update({ where: { sessionToken: own.sessionKey }, data: { reauthenticatedAt: now } });
  await audit("ALLOWED", result.usedSecondFactor ? "password and second factor" : "password");
  return { ok: true };
}

/** Whether the session confirmed who is using it within the last 5 minutes. */
export async function isRecentlyAuthenticated(db: Database, sessionKey: string | null, now = new Date()): Promise<boolean> {
  if (sessionKey === null) return false;
  const session = await db.session.findUnique({ where: { sessionToken: sessionKey }, select: { reauthenticatedAt: true } });
  const confirmedAt = session?.reauthenticatedAt?.getTime();
  return confirmedAt !== undefined && now.getTime() - confirmedAt < REAUTHENTICATION_MAX_AGE_MS;
}

/**
 * Call first in every sensitive change: throws ReauthenticationRequiredError,
 * with an audited refusal, unless the session confirmed who is using it within
 * the last 5 minutes.
 */
export async function requireRecentAuthentication(
  db: Database,
  own: OwnAccount,
  action: string,
  now = new Date(),
): Promise<void> {
  if (await isRecentlyAuthenticated(db, own.sessionKey, now)) return;
  const user = await db.user.findUniqueOrThrow({ where: { id: own.userId }, select: { id: true, role: true } });
  await recordAccountEvent(db, user, own.client, action, "DENIED", "not confirmed within 5 minutes");
  throw new ReauthenticationRequiredError();
}
