import "server-only";
import type { Database } from "@/lib/db/prisma";
import { decryptSecret, TOTP_SECRET_PURPOSE } from "./secret-box";
import { verifyTotp } from "./totp";

/**
 * Whether `code` is the user's current TOTP code (one step of clock drift
 * either side), spending its time step so that it works once: for signing in,
 * or for a step that asks for a fresh code (break-glass). The step must be
 * newer than the last accepted one, and the conditional update makes two
 * simultaneous uses of one code race safely.
 */
export async function spendTotpCode(
  db: Pick<Database, "user">,
  user: { id: string; mfaSecret: string | null },
  code: string,
  now: Date,
): Promise<boolean> {
  if (user.mfaSecret === null) return false;
  const step = verifyTotp(decryptSecret(user.mfaSecret, TOTP_SECRET_PURPOSE), code, now.getTime(), { window: 1 });
  if (step === null) return false;
  const { count } = await db.user.updateMany({
    where: { id: user.id, OR: [{ mfaLastUsedStep: null }, { mfaLastUsedStep: { lt: step } }] },
    data: { mfaLastUsedStep: step },
  });
  return count === 1;
}
