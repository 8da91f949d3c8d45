import "server-only";
import { z } from "zod";
import { recordSignInEvent } from "@/lib/audit/record";
import type { Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { appMetrics } from "@/lib/observability/metrics";
import type { ClientInfo } from "../client-info";
import { verifyPasswordOrDummy } from "./password";
import { consumeRecoveryCode } from "../mfa/recovery-codes";
import { spendTotpCode } from "../mfa/totp-codes";
import { createSession } from "../sessions/sessions";
import {
  accountCounter,
  countFailure,
  forgetFailures,
  passwordCounters,
  secondFactorCounter,
  secondFactorCounters,
  slowdownsOf,
} from "./throttle";
import { verifyTotp } from "../mfa/totp";

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  password: z.string().min(1).max(1024),
  code: z.string().trim().max(32).optional().transform((code) => (code ? code : undefined)),
});

export type SignInInput = z.input<typeof signInInput>;

/**
 * What the form may tell the person: never whether the account exists, and
 * while "slowed", not even whether the password was right.
 */
export type SignInFailure = "invalid" | "slowed" | "mfa_required" | "mfa_invalid" | "mfa_slowed";

export type SignInResult = { ok: true; userId: string; sessionToken: string } | { ok: false; failure: SignInFailure };

export interface AuthenticatedUser {
  id: string;
  role: Role;
}

export type AuthenticationResult =
  | { ok: true; user: AuthenticatedUser; usedSecondFactor: boolean }
  | { ok: false; failure: SignInFailure; user: AuthenticatedUser | null; reason: string };

/**
 * Checks an email, password and (for accounts with two-step verification) a
 * code under the sign-in throttle; signing in and confirming it's you both use
 * it. While the account, the address or the whole app is being slowed, a
 * password alone is not even checked, so right and wrong ones answer the same
 * "slowed"; the right password with a valid code still gets through, so an
 * attacker cannot keep a person with two-step verification out.
 */
export async function authenticate(
  db: Database,
  { email, password, code }: z.output<typeof signInInput>,
  client: ClientInfo,
  now: Date,
): Promise<AuthenticationResult> {
  const attempt = { email, ip: client.ip };
  const counters = passwordCounters(attempt);
  const [slowdowns, user] = await Promise.all([
    slowdownsOf(db, [...counters, secondFactorCounter(email)], now),
    db.user.findUnique({
      where: { email },
      select: { id: true, role: true, passwordHash: true, disabledAt: true, mfaSecret: true, mfaEnabledAt: true, mfaLastUsedStep: true },
    }),
  ]);
  const passwordSlowed = counters.some(({ key }) => slowdowns.get(key)! > 0);
  const secondFactorSlowed = slowdowns.get(secondFactorCounter(email).key)! > 0;
  const known = user && { id: user.id, role: user.role };
  const refuse = (failure: SignInFailure, reason: string) => ({ ok: false, failure, user: known ?? null, reason }) as const;

  // Refused unseen: no hash is computed, so nothing here depends on the password.
  if (passwordSlowed && !code) return refuse("slowed", "slowed after failed attempts");

  const passwordMatches = await verifyPasswordOrDummy(user?.passwordHash ?? null, password);
  const usable = user !== null && passwordMatches && user.disabledAt === null;
  const usesSecondFactor = user !== null && user.mfaEnabledAt !== null && user.mfaSecret !== null;

  if (passwordSlowed) {
    // Only the right password with a valid code gets through. Every other
    // combination runs the same checks and answers the same, so it tells
    // nothing about the password.
    const codeHolder = usable && usesSecondFactor && !secondFactorSlowed ? user : null;
    if (await verifySecondFactor(db, codeHolder, code!, now)) return { ok: true, user: known!, usedSecondFactor: true };
    await countFailure(db, codeHolder ? [...counters, secondFactorCounter(email)] : counters, now);
    return refuse("slowed", "slowed after failed attempts");
  }

  if (!usable) {
    const waitSeconds = await countFailure(db, counters, now);
    return refuse(waitSeconds > 0 ? "slowed" : "invalid", "invalid credentials");
  }
  if (usesSecondFactor) {
    if (!code) return refuse("mfa_required", "second factor required");
    if (secondFactorSlowed) return refuse("mfa_slowed", "second factor slowed after failed attempts");
    if (!(await verifySecondFactor(db, user, code, now))) {
      const waitSeconds = await countFailure(db, secondFactorCounters(attempt), now);
      return refuse(waitSeconds > 0 ? "mfa_slowed" : "mfa_invalid", "invalid second factor");
    }
  }
  // Not slowed, so these are the person's own typos, if anyone's.
  await forgetFailures(db, [accountCounter(email), secondFactorCounter(email)]);
  return { ok: true, user: known!, usedSecondFactor: usesSecondFactor };
}

export async function signInWithPassword(
  db: Database,
  rawInput: SignInInput,
  client: ClientInfo,
  now = new Date(),
): Promise<SignInResult> {
  const parsed = signInInput.safeParse(rawInput);
  if (!parsed.success) return refused("invalid");
  const email = parsed.data.email;
  const audit = (outcome: "ALLOWED" | "DENIED", user: AuthenticatedUser | null, reason: string | null) =>
    recordSignInEvent(db, "auth.sign_in", email, user, client, outcome, reason);

  const result = await authenticate(db, parsed.data, client, now);
  if (!result.ok) {
    await audit("DENIED", result.user, result.reason);
    return refused(result.failure);
  }
  const sessionToken = await createSession(db, result.user.id, client, now);
  await audit("ALLOWED", result.user, result.usedSecondFactor ? "password and second factor" : "password");
  return { ok: true, userId: result.user.id, sessionToken };
}

/** A refused sign-in: expected, so it is audited and counted (sign_in_failures_total), never logged with a stack. */
function refused(failure: SignInFailure): SignInResult {
  appMetrics().signInFailures.inc();
  return { ok: false, failure };
}

// Stands in for the account when the password was wrong, so a code is checked
// the same way whether or not the password was right. Matches nothing.
const NO_SECOND_FACTOR_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

async function verifySecondFactor(
  db: Database,
  user: { id: string; mfaSecret: string | null } | null,
  code: string,
  now: Date,
): Promise<boolean> {
  if (/^\d{6}$/.test(code)) {
    if (user) return spendTotpCode(db, user, code, now);
    // The same check against a secret that matches nothing, so the answer takes as long.
    verifyTotp(NO_SECOND_FACTOR_SECRET, code, now.getTime(), { window: 1 });
    return false;
  }
  // An empty id matches no one's codes: the same query, the same answer as a wrong code.
  return consumeRecoveryCode(db, user?.id ?? "", code);
}
