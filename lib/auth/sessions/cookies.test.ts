import { describe, expect, it } from "vitest";
import { authCookies, deletedCookie, servedOverHttps, sessionCookieName } from "./cookies";

describe("the session cookie", () => {
  it("is a __Host- cookie over HTTPS and a plain one over HTTP", () => {
    expect(sessionCookieName(true)).toBe("__Host-authjs.session-token");
    expect(sessionCookieName(false)).toBe("authjs.session-token");
  });

  it("is deleted with the attributes it was set with, or a __Host- cookie would stay", () => {
    expect(deletedCookie("__Host-authjs.session-token", true)).toBe(
      "__Host-authjs.session-token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax; Secure",
    );
    expect(deletedCookie("authjs.session-token", false)).not.toContain("Secure");
  });
});

describe("servedOverHttps", () => {
  const forwarded = (proto: string | null) => new Headers(proto ? { "x-forwarded-proto": proto } : {});

  it("believes an https APP_URL whatever the request says", () => {
    expect(servedOverHttps(forwarded("http"), "https://clinic.example.org")).toBe(true);
  });

  it("otherwise asks the TLS proxy's X-Forwarded-Proto (its first hop)", () => {
    expect(servedOverHttps(forwarded("https"), "http://localhost:3000")).toBe(true);
    expect(servedOverHttps(forwarded("https, http"), undefined)).toBe(true);
    expect(servedOverHttps(forwarded("http"), "http://localhost:3000")).toBe(false);
    expect(servedOverHttps(forwarded(null), undefined)).toBe(false);
  });
});

describe("authCookies", () => {
  it("gives every Auth.js cookie the __Host- prefix, Secure, Path=/ and no Domain over HTTPS", () => {
    const cookies = authCookies(true);
    expect(Object.keys(cookies).sort()).toEqual(["callbackUrl", "csrfToken", "nonce", "pkceCodeVerifier", "sessionToken", "state", "webauthnChallenge"]);
    for (const cookie of Object.values(cookies)) {
      expect(cookie!.name).toMatch(/^__Host-authjs\./);
      expect(cookie!.options).toMatchObject({ secure: true, path: "/", httpOnly: true, sameSite: "lax" });
      expect(cookie!.options).not.toHaveProperty("domain");
    }
    expect(cookies.sessionToken!.name).toBe(sessionCookieName(true));
  });

  it("keeps development over plain HTTP working: no prefix, not Secure", () => {
    for (const cookie of Object.values(authCookies(false))) {
      expect(cookie!.name).toMatch(/^authjs\./);
      expect(cookie!.options).toMatchObject({ secure: false });
    }
  });
});
