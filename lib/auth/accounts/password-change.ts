import "server-only";
import { z } from "zod";
import { recordAccountEvent } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import type { OwnAccount } from "./account";
import { requireRecentAuthentication } from "./reauthentication";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "../sign-in/password";

export const passwordChangeInput = z.object({
  newPassword: z.string().min(1, "Enter a new password.").max(1024, "Use at most 128 characters."),
});

export type PasswordChange = z.input<typeof passwordChangeInput>;

/** A problem with the new password, in words for the person choosing it. */
export type PasswordChangeResult = { ok: true } | { ok: false; problem: string };

/**
 * Replaces the user's password. The person must have confirmed who they are
 * (current password, and a code with two-step verification) within the last 5
 * minutes: a session left open on a shared computer must not become a way to
 * take the account over. Setting passwordChangedAt ends every session that
 * began before now, this one included: whoever changes a password signs in
 * again with it.
 */
export async function changePassword(
  db: Database,
  own: OwnAccount,
  input: PasswordChange,
  now = new Date(),
): Promise<PasswordChangeResult> {
  await requireRecentAuthentication(db, own, "auth.password.change", now);
  const parsed = passwordChangeInput.safeParse(input);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]!.message };
  const { newPassword } = parsed.data;
  const user = await db.user.findUniqueOrThrow({
    where: { id: own.userId },
    select: { id: true, role: true, email: true, name: true, passwordHash: true },
  });

  const policy = checkPasswordPolicy(newPassword, { email: user.email, name: user.name });
  if (!policy.ok) return { ok: false, problem: policy.problem };
  if (user.passwordHash !== null && (await verifyPassword(user.passwordHash, newPassword))) {
    return { ok: false, problem: "Choose a password different from your current one." };
  }

  await db.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(newPassword), passwordChangedAt: now },
  });
  await recordAccountEvent(db, user, own.client, "auth.password.change", "ALLOWED", null);
  return { ok: true };
}
