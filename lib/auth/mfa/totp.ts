import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import QRCode from "qrcode";

// RFC 6238 with the parameters every authenticator app supports by default.
export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = "Telemedicine Clinic";
const SECRET_BYTES = 20;

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding, as otpauth URIs carry it. */
export function base32Encode(bytes: Uint8Array): string {
  let output = "";
  let buffer = 0;
  let bitCount = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bitCount += 8;
    while (bitCount >= 5) {
      bitCount -= 5;
      output += BASE32_ALPHABET[(buffer >>> bitCount) & 31];
    }
  }
  if (bitCount > 0) output += BASE32_ALPHABET[(buffer << (5 - bitCount)) & 31];
  return output;
}

/** Accepts lower case, spaces and padding, as people copy secrets; throws on anything else. */
export function base32Decode(text: string): Buffer {
  const digits = text.toUpperCase().replace(/[\s=]/g, "");
  const bytes: number[] = [];
  let buffer = 0;
  let bitCount = 0;
  for (const digit of digits) {
    const value = BASE32_ALPHABET.indexOf(digit);
    if (value === -1) throw new Error(`Invalid base32 character "${digit}".`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bitCount += 5;
    if (bitCount >= 8) {
      bitCount -= 8;
      bytes.push((buffer >>> bitCount) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

/** The RFC 6238 time step (counter) that `timeMs` falls in. */
export function totpStep(timeMs: number): number {
  return Math.floor(timeMs / 1000 / TOTP_STEP_SECONDS);
}

// RFC 4226 HOTP: HMAC-SHA1 over the big-endian counter, then dynamic truncation.
function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** TOTP_DIGITS).toString().padStart(TOTP_DIGITS, "0");
}

export function totpCode(secret: string, timeMs: number): string {
  return hotp(base32Decode(secret), totpStep(timeMs));
}

const CODE_PATTERN = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

/**
 * The time step whose code matches, looking `window` steps either side of
 * `timeMs` to allow for clock drift; null when none does or the input is not a
 * 6-digit code. Callers refuse a step at or before the last one they accepted,
 * so a code cannot be replayed.
 */
export function verifyTotp(
  secret: string,
  code: string,
  timeMs: number,
  { window = 1 }: { window?: number } = {},
): number | null {
  if (!CODE_PATTERN.test(code)) return null;
  const key = base32Decode(secret);
  const given = Buffer.from(code);
  const current = totpStep(timeMs);
  for (let step = Math.max(0, current - window); step <= current + window; step++) {
    if (timingSafeEqual(Buffer.from(hotp(key, step)), given)) return step;
  }
  return null;
}

/** The otpauth:// URI (Google Authenticator's key URI format) an authenticator app scans. */
export function otpauthUri({
  secret,
  accountName,
  issuer = TOTP_ISSUER,
}: {
  secret: string;
  accountName: string;
  issuer?: string;
}): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const parameters = [
    `secret=${secret}`,
    `issuer=${encodeURIComponent(issuer)}`,
    "algorithm=SHA1",
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_STEP_SECONDS}`,
  ];
  return `otpauth://totp/${label}?${parameters.join("&")}`;
}

export function totpQrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg" });
}
