import type { NextAuthConfig } from "next-auth";

// The names and attributes of the cookies Auth.js sets, and which of them the
// app reads. Over HTTPS every one carries the __Host- prefix: the browser then
// accepts it only with Secure, Path=/ and no Domain, so neither a page on
// another subdomain nor a plain-HTTP response can plant or overwrite it (a
// planted session cookie would sign the victim into the attacker's account).
// Over plain HTTP (development on localhost) browsers refuse those
// attributes, so the names carry no prefix there.

const AUTH_COOKIES = ["sessionToken", "callbackUrl", "csrfToken", "pkceCodeVerifier", "state", "nonce", "webauthnChallenge"] as const;

const BASE_NAMES: Record<(typeof AUTH_COOKIES)[number], string> = {
  sessionToken: "authjs.session-token",
  callbackUrl: "authjs.callback-url",
  csrfToken: "authjs.csrf-token",
  pkceCodeVerifier: "authjs.pkce.code_verifier",
  state: "authjs.state",
  nonce: "authjs.nonce",
  webauthnChallenge: "authjs.challenge",
};

/** The cookies Auth.js reads only while a sign-in is under way (OAuth, WebAuthn; never for a password). */
const SHORT_LIVED_SECONDS = 15 * 60;

/** A cookie name, prefixed with __Host- when the app is served over HTTPS. */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

/**
 * The one session cookie the app reads. Its payload (our session token) is far
 * below the size at which Auth.js splits a cookie into chunks.
 */
export function sessionCookieName(secure: boolean): string {
  return cookieName(BASE_NAMES.sessionToken, secure);
}

/**
 * Whether this request reached the app over HTTPS: APP_URL says so (a
 * production deployment), or the TLS proxy in front of the app does
 * (X-Forwarded-Proto, which it must set and never pass through from clients).
 */
export function servedOverHttps(headers: Pick<Headers, "get">, appUrl = process.env.APP_URL): boolean {
  if (appUrl?.startsWith("https:")) return true;
  return headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** Auth.js's cookie settings: every cookie named for the scheme, host-only, path /, HTTP-only, SameSite=Lax. */
export function authCookies(secure: boolean): NonNullable<NextAuthConfig["cookies"]> {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  const cookies: NonNullable<NextAuthConfig["cookies"]> = {};
  for (const key of AUTH_COOKIES) {
    const shortLived = key !== "sessionToken" && key !== "callbackUrl" && key !== "csrfToken";
    cookies[key] = { name: cookieName(BASE_NAMES[key], secure), options: shortLived ? { ...options, maxAge: SHORT_LIVED_SECONDS } : options };
  }
  return cookies;
}

/** A Set-Cookie value that deletes a session cookie (the attributes must be those it was set with, or a __Host- one stays). */
export function deletedCookie(name: string, secure: boolean): string {
  return `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
