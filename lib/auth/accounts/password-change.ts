import "server-only";
import { recordAccountEvent } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import type { ClientInfo } from "../client-info";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "../sign-in/password";
import { checkSignInAllowed, recordSignInFailure } from "../sign-in/throttle";

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/** Each problem names the form field it belongs to, in words for the person changing their password. */
export type PasswordChangeResult =
  | { ok: true }
  | { ok: false; field: "currentPassword" | "newPassword"; problem: string };

export const WRONG_CURRENT_PASSWORD = "Your current password is incorrect.";
export const TOO_MANY_ATTEMPTS = "Too many failed attempts. Try again in 15 minutes.";

/**
 * Replaces the user's password after checking the current one. Setting
 * passwordChangedAt ends every session that began before now, this one
 * included: whoever changes a password signs in again with it.
 */
export async function changePassword(
  db: Database,
  userId: string,
  { currentPassword, newPassword }: PasswordChange,
  client: ClientInfo,
  now = new Date(),
): Promise<PasswordChangeResult> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, role: true, email: true, name: true, passwordHash: true },
  });
  const audit = (outcome: "ALLOWED" | "DENIED", reason: string | null) =>
    recordAccountEvent(db, user, client, "auth.password.change", outcome, reason);

  // A stolen session must not become a way to guess the password, so wrong
  // current passwords count against the same limit as failed sign-ins.
  const attempt = { email: user.email, ip: client.ip };
  if (!(await checkSignInAllowed(db, attempt, now)).allowed) {
    await audit("DENIED", "too many failed attempts");
    return { ok: false, field: "currentPassword", problem: TOO_MANY_ATTEMPTS };
  }
  if (user.passwordHash === null || !(await verifyPassword(user.passwordHash, currentPassword))) {
    await recordSignInFailure(db, attempt, now);
    await audit("DENIED", "wrong current password");
    return { ok: false, field: "currentPassword", problem: WRONG_CURRENT_PASSWORD };
  }

  const policy = checkPasswordPolicy(newPassword, { email: user.email, name: user.name });
  if (!policy.ok) return { ok: false, field: "newPassword", problem: policy.problem };
  if (await verifyPassword(user.passwordHash, newPassword)) {
    return { ok: false, field: "newPassword", problem: "Choose a password different from your current one." };
  }

  await db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(newPassword), passwordChangedAt: now },
  });
  await audit("ALLOWED", null);
  return { ok: true };
}
