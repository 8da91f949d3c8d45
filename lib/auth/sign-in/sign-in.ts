import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import type { ClientInfo } from "../client-info";
import { verifyPasswordOrDummy } from "./password";
import { consumeRecoveryCode } from "../mfa/recovery-codes";
import { spendTotpCode } from "../mfa/totp-codes";
import { createSession } from "../sessions/sessions";
import { checkSignInAllowed, clearAccountFailures, recordSignInFailure } from "./throttle";

export const signInInput = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  password: z.string().min(1).max(1024),
  code: z.string().trim().max(32).optional().transform((code) => (code ? code : undefined)),
});

export type SignInInput = z.input<typeof signInInput>;

/** What the form may tell the person: never whether the account exists. */
export type SignInFailure = "invalid" | "locked" | "mfa_required" | "mfa_invalid";

export type SignInResult = { ok: true; userId: string; sessionToken: string } | { ok: false; failure: SignInFailure };

export async function signInWithPassword(
  db: Database,
  rawInput: SignInInput,
  client: ClientInfo,
  now = new Date(),
): Promise<SignInResult> {
  const parsed = signInInput.safeParse(rawInput);
  if (!parsed.success) return { ok: false, failure: "invalid" };
  const { email, password, code } = parsed.data;
  const audit = (outcome: "ALLOWED" | "DENIED", actorId: string | null, reason: string | null) =>
    recordAudit(db, {
      actorId,
      actorRole: null,
      action: "auth.sign_in",
      patientId: null,
      resourceType: "session",
      resourceId: email,
      outcome,
      reason,
      ...client,
    });

  const gate = await checkSignInAllowed(db, { email, ip: client.ip }, now);
  if (!gate.allowed) {
    await audit("DENIED", null, "too many failed attempts");
    return { ok: false, failure: "locked" };
  }

  const user = await db.user.findUnique({ where: { email } });
  const passwordMatches = await verifyPasswordOrDummy(user?.passwordHash ?? null, password);
  if (!user || !passwordMatches || user.disabledAt !== null) {
    await recordSignInFailure(db, { email, ip: client.ip }, now);
    await audit("DENIED", user?.id ?? null, "invalid credentials");
    return { ok: false, failure: "invalid" };
  }

  if (user.mfaEnabledAt !== null && user.mfaSecret !== null) {
    if (!code) return { ok: false, failure: "mfa_required" };
    if (!(await verifySecondFactor(db, user, code, now))) {
      await recordSignInFailure(db, { email, ip: client.ip }, now);
      await audit("DENIED", user.id, "invalid second factor");
      return { ok: false, failure: "mfa_invalid" };
    }
  }

  await clearAccountFailures(db, email);
  const sessionToken = await createSession(db, user.id, client, now);
  await audit("ALLOWED", user.id, null);
  return { ok: true, userId: user.id, sessionToken };
}

async function verifySecondFactor(
  db: Database,
  user: { id: string; mfaSecret: string | null },
  code: string,
  now: Date,
): Promise<boolean> {
  if (/^\d{6}$/.test(code) && user.mfaSecret) return spendTotpCode(db, user, code, now);
  return consumeRecoveryCode(db, user.id, code);
}
