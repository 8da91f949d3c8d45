import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

// Keyed cryptography under AUTH_SECRET: small secrets at rest (the TOTP secret)
// sealed with AES-256-GCM, and values signed with HMAC-SHA256 (visit links).
// Each purpose gets its own derived key, so a value sealed or signed for one
// purpose is worthless as another.

export const TOTP_SECRET_PURPOSE = "totp-secret";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** The clinic's one secret; `npm run dev` and `npm start` provide one when the environment does not. */
export function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set; it keys sessions and the secrets stored in the database.");
  return secret;
}

function keyFor(purpose: string): Buffer {
  const info = `telemedicine-clinic secret-box ${VERSION} ${purpose}`;
  return Buffer.from(hkdfSync("sha256", authSecret(), Buffer.alloc(0), info, KEY_BYTES));
}

/** `v1.<iv>.<ciphertext>.<tag>`, each part base64url. */
export function encryptSecret(plaintext: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const encode = (bytes: Buffer) => bytes.toString("base64url");
  return [VERSION, encode(iv), encode(ciphertext), encode(cipher.getAuthTag())].join(".");
}

function parseSealed(sealed: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const [version, ...parts] = sealed.split(".");
  const [iv, ciphertext, tag] = parts.map((part) => Buffer.from(part, "base64url"));
  if (version !== VERSION || parts.length !== 3 || iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || !ciphertext) {
    throw new Error(`Encrypted secret is malformed: expected "${VERSION}.<iv>.<ciphertext>.<tag>".`);
  }
  return { iv, ciphertext, tag };
}

/** Throws when the value was altered, or sealed under another AUTH_SECRET or purpose. */
export function decryptSecret(sealed: string, purpose: string): string {
  const { iv, ciphertext, tag } = parseSealed(sealed);
  const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(
      "Encrypted secret failed its integrity check: it was altered, or sealed with another AUTH_SECRET or purpose.",
    );
  }
}

/** `<value>.<signature>`: tamper-evident, not secret. The value must not contain a dot. */
export function signValue(value: string, purpose: string): string {
  if (value.includes(".")) throw new Error("A signed value cannot contain a dot");
  return `${value}.${signature(value, purpose).toString("base64url")}`;
}

/** The value inside a token made by signValue, or null when the token was altered or is malformed. */
export function verifySignedValue(token: string, purpose: string): string | null {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const [value, given] = parts;
  // The signature's text, not the bytes it decodes to: base64url has several
  // spellings of the same bytes (the last character's spare bits), and a token
  // is either exactly the one issued or refused.
  const expected = Buffer.from(signature(value, purpose).toString("base64url"));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? value : null;
}

/** A keyed digest of the value (base64url): the same value gives the same digest, and nobody without AUTH_SECRET can tell what it stands for. */
export function keyedDigest(value: string, purpose: string): string {
  return signature(value, purpose).toString("base64url");
}

function signature(value: string, purpose: string): Buffer {
  return createHmac("sha256", keyFor(`signature ${purpose}`)).update(value).digest();
}
