import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TOTP_SECRET_PURPOSE as PURPOSE, decryptSecret, encryptSecret } from "./secret-box";
const TAMPERED = "Encrypted secret failed its integrity check: it was altered, or sealed with another AUTH_SECRET or purpose.";
const MALFORMED = 'Encrypted secret is malformed: expected "v1.<iv>.<ciphertext>.<tag>".';

beforeEach(() => {
  vi.stubEnv("AUTH_SECRET", "test-auth-secret-with-enough-entropy-0123456789");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Flips one bit of the decoded part at `index` (1 = iv, 2 = ciphertext, 3 = tag). */
function flipBit(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0]! ^= 1;
  parts[index] = bytes.toString("base64url");
  return parts.join(".");
}

describe("encryptSecret and decryptSecret", () => {
  it("round-trips", () => {
    const plaintext = "JBSWY3DPEHPK3PXP — ünïcødé too";
    expect(decryptSecret(encryptSecret(plaintext, PURPOSE), PURPOSE)).toBe(plaintext);
  });

  it("writes v1.<iv>.<ciphertext>.<tag> in base64url, 12-byte iv and 16-byte tag", () => {
    expect(encryptSecret("JBSWY3DPEHPK3PXP", PURPOSE)).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]{22}$/);
  });

  it("seals the same plaintext differently each time", () => {
    expect(encryptSecret("same", PURPOSE)).not.toBe(encryptSecret("same", PURPOSE));
  });

  it.each([
    { index: 1, part: "iv" },
    { index: 2, part: "ciphertext" },
    { index: 3, part: "tag" },
  ])("detects a changed $part", ({ index }) => {
    const sealed = encryptSecret("JBSWY3DPEHPK3PXP", PURPOSE);
    expect(() => decryptSecret(flipBit(sealed, index), PURPOSE)).toThrow(TAMPERED);
  });

  it("keeps purposes apart", () => {
    const sealed = encryptSecret("JBSWY3DPEHPK3PXP", PURPOSE);
    expect(() => decryptSecret(sealed, "session-token")).toThrow(TAMPERED);
  });

  it("cannot be opened under another AUTH_SECRET", () => {
    const sealed = encryptSecret("JBSWY3DPEHPK3PXP", PURPOSE);
    vi.stubEnv("AUTH_SECRET", "a-different-auth-secret");
    expect(() => decryptSecret(sealed, PURPOSE)).toThrow(TAMPERED);
  });

  it.each(["", "JBSWY3DPEHPK3PXP", "v2.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA", "v1.AAAA.AA.AAAAAAAAAAAAAAAAAAAAAA", "v1.a.b.c.d"])(
    "refuses the malformed value %j",
    (sealed) => {
      expect(() => decryptSecret(sealed, PURPOSE)).toThrow(MALFORMED);
    },
  );

  it("says so when AUTH_SECRET is missing", () => {
    vi.stubEnv("AUTH_SECRET", undefined);
    expect(() => encryptSecret("x", PURPOSE)).toThrow(
      "AUTH_SECRET is not set; it keys sessions and the secrets stored in the database.",
    );
  });
});

describe("signValue", () => {
  it("round-trips a value and refuses any alteration or another purpose", async () => {
    const { signValue, verifySignedValue } = await import("./secret-box");
    const token = signValue("link-123", "visit-link");
    expect(verifySignedValue(token, "visit-link")).toBe("link-123");
    expect(verifySignedValue(token.replace("link-123", "link-124"), "visit-link")).toBeNull();
    expect(verifySignedValue(`${token.slice(0, -2)}AA`, "visit-link")).toBeNull();
    expect(verifySignedValue(token, "password-reset")).toBeNull();
    expect(verifySignedValue("garbage", "visit-link")).toBeNull();
    expect(verifySignedValue("a.b.c", "visit-link")).toBeNull();
  });

  it("refuses every other spelling of the signature, even one that decodes to the same bytes", async () => {
    const { signValue, verifySignedValue } = await import("./secret-box");
    // 32 bytes are 43 base64url characters; the last one's low two bits carry
    // nothing, so four last characters decode alike. Only the issued one works.
    for (const value of ["link-1", "link-2", "link-3", "link-4"]) {
      const token = signValue(value, "visit-link");
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const last = alphabet.indexOf(token.at(-1)!);
      const sameBytes = [0, 1, 2, 3].map((lowBits) => alphabet[(last & ~3) | lowBits]!).filter((character) => character !== token.at(-1));
      for (const character of sameBytes) expect(verifySignedValue(`${token.slice(0, -1)}${character}`, "visit-link")).toBeNull();
      expect(verifySignedValue(`${token}=`, "visit-link")).toBeNull();
    }
  });
});
