import "server-only";
import { recordAccountEvent } from "@/lib/audit/record";
import type { Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import type { OwnAccount } from "../accounts/account";
import { requireRecentAuthentication } from "../accounts/reauthentication";
import type { ClientInfo } from "../client-info";
import { generateRecoveryCodes, replaceRecoveryCodes } from "./recovery-codes";
import { decryptSecret, encryptSecret, TOTP_SECRET_PURPOSE } from "./secret-box";
import { generateTotpSecret, otpauthUri, totpQrCodeSvg, verifyTotp } from "./totp";

// Enrolment is two steps: a new secret is stored (encrypted) while mfaEnabledAt
// stays null, so sign-in keeps ignoring it; only a code from the person's
// authenticator app turns it on. Until then nothing depends on the pending secret.
// Both steps, and new recovery codes, need the person to have confirmed who
// they are within the last 5 minutes (signing in counts).

export type BeginMfaEnrolmentResult =
  | { ok: true; secret: string; otpauthUri: string; qrSvg: string }
  | { ok: false; problem: "already-enabled" };

export type ConfirmMfaEnrolmentResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; problem: "already-enabled" | "not-started" | "invalid-code" };

export interface MfaStatus {
  enabled: boolean;
  unusedRecoveryCodes: number;
}

type AuditedUser = { id: string; role: Role };

function auditEnrolment(
  db: Pick<Database, "$executeRaw">,
  user: AuditedUser,
  client: ClientInfo,
  outcome: "ALLOWED" | "DENIED",
  reason: string,
) {
  return recordAccountEvent(db, user, client, "auth.mfa.enrol", outcome, reason);
}

export async function mfaStatus(db: Database, userId: string): Promise<MfaStatus> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { mfaEnabledAt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
  });
  return { enabled: user.mfaEnabledAt !== null, unusedRecoveryCodes: user._count.recoveryCodes };
}

/** Issues a new secret for the user's authenticator app, replacing any enrolment left unfinished. */
export async function beginMfaEnrolment(db: Database, own: OwnAccount, now = new Date()): Promise<BeginMfaEnrolmentResult> {
  await requireRecentAuthentication(db, own, "auth.mfa.enrol", now);
  const { userId, client } = own;
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true, email: true } });
  const secret = generateTotpSecret();
  // Conditional, so a second tab cannot swap the secret of an enrolment that has just been confirmed.
  const { count } = await db.user.updateMany({
    where: { id: userId, mfaEnabledAt: null },
    data: { mfaSecret: encryptSecret(secret, TOTP_SECRET_PURPOSE), mfaLastUsedStep: null },
  });
  if (count === 0) {
    await auditEnrolment(db, user, client, "DENIED", "already enabled");
    return { ok: false, problem: "already-enabled" };
  }
  await auditEnrolment(db, user, client, "ALLOWED", "secret issued");
  const uri = otpauthUri({ secret, accountName: user.email });
  return { ok: true, secret, otpauthUri: uri, qrSvg: await totpQrCodeSvg(uri) };
}

/**
 * Turns two-step verification on when `code` comes from the pending secret, and
 * returns the new recovery codes: the only time they exist in plain text.
 */
export async function confirmMfaEnrolment(
  db: Database,
  own: OwnAccount,
  code: string,
  now = new Date(),
): Promise<ConfirmMfaEnrolmentResult> {
  await requireRecentAuthentication(db, own, "auth.mfa.enrol", now);
  const { userId, client, sessionKey: keepSession } = own;
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, role: true, mfaSecret: true, mfaEnabledAt: true },
  });
  const refuse = async (problem: "already-enabled" | "not-started" | "invalid-code", reason: string) => {
    await auditEnrolment(db, user, client, "DENIED", reason);
    return { ok: false, problem } as const;
  };
  if (user.mfaEnabledAt !== null) return refuse("already-enabled", "already enabled");
  if (user.mfaSecret === null) return refuse("not-started", "no enrolment in progress");

  const step = verifyTotp(decryptSecret(user.mfaSecret, TOTP_SECRET_PURPOSE), code, now.getTime(), { window: 1 });
  if (step === null) return refuse("invalid-code", "invalid code");

  const recoveryCodes = generateRecoveryCodes();
  const enabled = await db.$transaction(async (tx) => {
    // The secret must still be the one the code was checked against: another tab may have begun again.
    const { count } = await tx.user.updateMany({
      where: { id: userId, mfaEnabledAt: null, mfaSecret: user.mfaSecret },
      // Recording the step makes the code just typed unusable for signing in.
      data: { mfaEnabledAt: now, mfaLastUsedStep: step },
    });
    if (count === 0) return false;
    // A session signed in before enrolment (with the password alone) would
    // otherwise count as verified from now on: only the one enrolling stays.
    await tx.session.updateMany({
      where: { userId, revokedAt: null, ...(keepSession ? { sessionToken: { not: keepSession } } : {}) },
      data: { revokedAt: now },
    });
    await replaceRecoveryCodes(tx, userId, recoveryCodes);
    await auditEnrolment(tx, user, client, "ALLOWED", "enabled");
    return true;
  });
  if (!enabled) return refuse("invalid-code", "enrolment changed while confirming");
  return { ok: true, recoveryCodes };
}

export type RegenerateRecoveryCodesResult = { ok: true; recoveryCodes: string[] } | { ok: false; problem: "not-enabled" };

/**
 * Replaces the user's recovery codes with ten new ones (all the old ones stop
 * working) and returns them: the only time they exist in plain text.
 */
export async function regenerateRecoveryCodes(
  db: Database,
  own: OwnAccount,
  now = new Date(),
): Promise<RegenerateRecoveryCodesResult> {
  const action = "auth.mfa.recovery_codes.regenerate";
  await requireRecentAuthentication(db, own, action, now);
  const user = await db.user.findUniqueOrThrow({ where: { id: own.userId }, select: { id: true, role: true } });
  const recoveryCodes = generateRecoveryCodes();
  const replaced = await db.$transaction(async (tx) => {
    // Inside the transaction, so codes are never issued to an account whose two-step verification was just reset.
    const enabled = await tx.user.count({ where: { id: user.id, mfaEnabledAt: { not: null } } });
    if (enabled === 0) return false;
    await replaceRecoveryCodes(tx, user.id, recoveryCodes);
    await recordAccountEvent(tx, user, own.client, action, "ALLOWED", null);
    return true;
  });
  if (!replaced) {
    await recordAccountEvent(db, user, own.client, action, "DENIED", "two-step verification is off");
    return { ok: false, problem: "not-enabled" };
  }
  return { ok: true, recoveryCodes };
}
