import "server-only";
import { createHash, randomInt } from "node:crypto";
import type { Database } from "@/lib/db/prisma";

export const RECOVERY_CODE_COUNT = 10;
// No 0/O, 1/I/L: a code read off paper is typed back right.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** The Prisma client or a transaction client. */
type RecoveryCodeDatabase = Pick<Database, "recoveryCode">;

function randomGroup(): string {
  return Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

function randomCode(): string {
  return Array.from({ length: GROUPS }, randomGroup).join("-");
}

/** Ten distinct codes like "7KQ4-M2XD-9PTA". Distinct, so one code can only ever match one row. */
export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(randomCode());
  return [...codes];
}

// A code carries 12 characters from 31, about 59 random bits: far beyond
// brute force even against a fast hash, so unlike passwords it needs no slow,
// salted hash, and an unsalted hash lets one UPDATE find and spend it.
export function hashRecoveryCode(code: string): string {
  const normalized = code.toUpperCase().replace(/[\s-]/g, "");
  return createHash("sha256").update(normalized).digest("hex");
}

/**
 * Replaces all of the user's codes with these. Call it inside the transaction
 * that enables MFA or regenerates the codes, so the old set never disappears
 * without the new one.
 */
export async function replaceRecoveryCodes(db: RecoveryCodeDatabase, userId: string, codes: string[]): Promise<void> {
  await db.recoveryCode.deleteMany({ where: { userId } });
  await db.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
}

/** Spends the code if it is one of the user's unused codes. Concurrent attempts with one code: only one succeeds. */
export async function consumeRecoveryCode(
  db: RecoveryCodeDatabase,
  userId: string,
  code: string,
  now: Date = new Date(),
): Promise<boolean> {
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1;
}
