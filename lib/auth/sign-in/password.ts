import "server-only";
import { hash, verify, type Algorithm, type Options } from "@node-rs/argon2";
import { isCommonPassword } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 12;
// Hashing cost grows with input length, so an unbounded password is a cheap way
// to make the server burn CPU.
export const MAX_PASSWORD_LENGTH = 128;
// A local part or name shorter than this is too common a substring to forbid.
const MIN_PERSONAL_WORD_LENGTH = 4;

// The package declares Algorithm as an ambient const enum, which isolatedModules
// cannot inline and whose runtime export is an empty object; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

const ARGON2_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

/**
 * An argon2id hash, with ARGON2_OPTIONS, of a random password nobody kept. Verifying
 * against it costs what verifying a real account costs.
 */
export const DUMMY_PASSWORD_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$87CYoUTb7ZqYX3XzuehaNw$YycokBeMpwxf6lL4OVn51uhqzI6itKFU1kaXJD3LzMw";

export type PasswordPolicyResult = { ok: true } | { ok: false; problem: string };

// NFKC makes the same typed password hash the same on every keyboard and OS.
function normalizePassword(plain: string): string {
  return plain.normalize("NFKC");
}

function characterCount(text: string): number {
  return [...text].length;
}

export function hashPassword(plain: string): Promise<string> {
  return hash(normalizePassword(plain), ARGON2_OPTIONS);
}

/** False for a wrong password, a malformed hash or oversized input; never throws. */
export async function verifyPassword(passwordHash: string, plain: string): Promise<boolean> {
  const normalized = normalizePassword(plain);
  // No password this long was ever accepted, so refuse it before hashing it.
  if (characterCount(normalized) > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(passwordHash, normalized);
  } catch {
    return false;
  }
}

/**
 * Verifies against the account's hash, or against DUMMY_PASSWORD_HASH when there is
 * no account (or no password), so the response time does not tell whether the account exists.
 */
export async function verifyPasswordOrDummy(passwordHash: string | null, plain: string): Promise<boolean> {
  if (passwordHash === null) {
    await verifyPassword(DUMMY_PASSWORD_HASH, plain);
    return false;
  }
  return verifyPassword(passwordHash, plain);
}

function personalWords(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => characterCount(word) >= MIN_PERSONAL_WORD_LENGTH);
}

function containsAny(haystack: string, words: string[]): boolean {
  return words.some((word) => haystack.includes(word));
}

export function checkPasswordPolicy(plain: string, about: { email?: string; name?: string } = {}): PasswordPolicyResult {
  const password = normalizePassword(plain);
  const lowered = password.toLowerCase();
  const length = characterCount(password);
  if (length < MIN_PASSWORD_LENGTH) return { ok: false, problem: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  if (length > MAX_PASSWORD_LENGTH) return { ok: false, problem: `Use at most ${MAX_PASSWORD_LENGTH} characters.` };
  if (new Set(lowered).size === 1) return { ok: false, problem: "Don't repeat a single character; choose another password." };
  if (isCommonPassword(password)) return { ok: false, problem: "This password is too common; choose another." };
  if (containsAny(lowered, personalWords(about.email?.split("@")[0]))) {
    return { ok: false, problem: "Don't include your email address in your password." };
  }
  if (containsAny(lowered, personalWords(about.name))) {
    return { ok: false, problem: "Don't include your name in your password." };
  }
  return { ok: true };
}
