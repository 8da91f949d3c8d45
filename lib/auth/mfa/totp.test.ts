import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  otpauthUri,
  totpCode,
  totpQrCodeSvg,
  totpStep,
  verifyTotp,
} from "./totp";

// RFC 6238 appendix B's SHA-1 key, "12345678901234567890" in ASCII.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const seconds = (s: number) => s * 1000;

describe("base32", () => {
  it("encodes the RFC 6238 key", () => {
    expect(base32Encode(Buffer.from("12345678901234567890", "ascii"))).toBe(RFC_SECRET);
  });

  it.each([
    ["", ""],
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ])("matches RFC 4648 for %j", (text, encoded) => {
    expect(base32Encode(Buffer.from(text))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(text);
  });

  it("round-trips random bytes of every length up to 40", () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = randomBytes(length);
      expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
    }
  });

  it("accepts lower case, spaces and padding when decoding", () => {
    expect(base32Decode("mzxw 6ytb oi======").toString()).toBe("foobar");
  });

  it("rejects characters outside the alphabet", () => {
    expect(() => base32Decode("MZXW1")).toThrow('Invalid base32 character "1".');
  });
});

describe("generateTotpSecret", () => {
  it("makes a fresh base32 secret of 20 bytes", () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe("totpCode", () => {
  it.each([
    [59, "287082"],
    [1111111109, "081804"],
    [1111111111, "050471"],
    [1234567890, "005924"],
    [2000000000, "279037"],
    [20000000000, "353130"],
  ])("matches the RFC 6238 SHA-1 vector at T=%i", (time, code) => {
    expect(totpCode(RFC_SECRET, seconds(time))).toBe(code);
  });

  it("changes every 30 seconds", () => {
    expect(totpStep(seconds(29.999))).toBe(0);
    expect(totpStep(seconds(30))).toBe(1);
    expect(totpCode(RFC_SECRET, seconds(30))).toBe(totpCode(RFC_SECRET, seconds(59)));
  });
});

describe("verifyTotp", () => {
  const now = seconds(1111111111); // step 37037037
  const step = totpStep(now);

  it("returns the step of the current code", () => {
    expect(step).toBe(37037037);
    expect(verifyTotp(RFC_SECRET, "050471", now)).toBe(step);
  });

  it("accepts the codes one step either side, reporting their steps", () => {
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - seconds(30)), now)).toBe(step - 1);
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now + seconds(30)), now)).toBe(step + 1);
  });

  it("refuses codes two steps away", () => {
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - seconds(60)), now)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now + seconds(60)), now)).toBeNull();
  });

  it("honours a narrower window", () => {
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, now - seconds(30)), now, { window: 0 })).toBeNull();
    expect(verifyTotp(RFC_SECRET, "050471", now, { window: 0 })).toBe(step);
  });

  it("refuses a wrong code", () => {
    expect(verifyTotp(RFC_SECRET, "050472", now)).toBeNull();
  });

  it.each(["05047", "0504711", "05047a", " 050471", "050 471", ""])("refuses the malformed code %j", (code) => {
    expect(verifyTotp(RFC_SECRET, code, now)).toBeNull();
  });

  it("looks no earlier than step 0", () => {
    expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, 0), seconds(10))).toBe(0);
  });
});

describe("otpauthUri", () => {
  it("names the clinic and the account", () => {
    expect(otpauthUri({ secret: "JBSWY3DPEHPK3PXP", accountName: "dr.ada@example.com" })).toBe(
      "otpauth://totp/Telemedicine%20Clinic:dr.ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Telemedicine%20Clinic&algorithm=SHA1&digits=6&period=30",
    );
  });
});

describe("totpQrCodeSvg", () => {
  it("renders an SVG QR code whose pattern depends on the URI", async () => {
    const uri = otpauthUri({ secret: RFC_SECRET, accountName: "dr.ada@example.com" });
    const svg = await totpQrCodeSvg(uri);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(await totpQrCodeSvg(uri)).toBe(svg);
    expect(await totpQrCodeSvg(uri.replace("dr.ada", "dr.bob"))).not.toBe(svg);
  });
});
