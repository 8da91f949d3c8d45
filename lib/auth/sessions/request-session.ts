import "server-only";
import { decode } from "next-auth/jwt";
import type { Database } from "@/lib/db/prisma";
import { CLEAR_SITE_DATA, clearSiteDataValue, holdsUnsentNotes } from "@/lib/http/clear-site-data";
import { clientInfoFrom } from "../client-info";
import { authSecret } from "../mfa/secret-box";
import { deletedCookie, servedOverHttps, sessionCookieName } from "./cookies";
import { ExpiringCache } from "./expiring-cache";
import { checkSession, endSession, lapseOf, type SessionUser } from "./sessions";

// The session a request comes with, read from its cookie. Used where a
// request's session is first looked at: proxy.ts for pages (so that the
// response to a page request can clear the browser), and lib/auth/sessions/auth.ts
// for everything rendered or answered after it.

export type RequestSession =
  | { kind: "none" }
  | { kind: "active"; user: SessionUser }
  /** The cookie names a session that is over, or is not a session at all (tampered, another secret). */
  | { kind: "ended" };

interface RequestCookies {
  get(name: string): { value: string } | undefined;
  has(name: string): boolean;
}

// Decrypting a cookie derives its key and decrypts it again each time, for the
// same answer every time until it expires: recent answers are kept. Only the
// exact cookie finds its entry, and the session behind it is still checked
// against the database on every request.
const decodedCookies = new ExpiringCache<string>(5_000);

async function sessionTokenOf(name: string, cookie: string): Promise<string | null> {
  const key = `${name}=${cookie}`;
  const known = decodedCookies.get(key, Date.now());
  if (known !== undefined) return known;
  const payload = await decode({ token: cookie, secret: authSecret(), salt: name }).catch(() => null);
  if (typeof payload?.sessionToken !== "string" || typeof payload.exp !== "number") return null;
  decodedCookies.set(key, payload.sessionToken, payload.exp * 1000);
  return payload.sessionToken;
}

/**
 * The request's session. A session found to have lapsed (idle, or past its 12
 * hours) is ended here, with its audit event, unless someone got there first.
 * Over HTTPS only the __Host- cookie counts.
 */
export async function lookUpRequestSession(
  db: Database,
  cookies: RequestCookies,
  headers: Headers,
  { countsAsActivity }: { countsAsActivity: boolean },
  now = new Date(),
): Promise<RequestSession> {
  const name = sessionCookieName(servedOverHttps(headers));
  const cookie = cookies.get(name)?.value;
  if (!cookie) return { kind: "none" };
  const token = await sessionTokenOf(name, cookie);
  if (!token) return { kind: "ended" };
  const check = await checkSession(db, token, now, { countsAsActivity });
  if ("user" in check) return { kind: "active", user: check.user };
  const lapse = lapseOf(check.ended);
  if (lapse && check.sessionKey) await endSession(db, check.sessionKey, lapse, clientInfoFrom(headers), now);
  return { kind: "ended" };
}

/**
 * The headers of a response that ends a session in the browser (sign-out, or
 * a request that came with an ended one): forget what it kept of the session
 * (see lib/http/clear-site-data.ts) and the session cookie.
 */
export function sessionEndHeaders(cookies: RequestCookies, headers: Headers): Record<string, string> {
  const secure = servedOverHttps(headers);
  return {
    [CLEAR_SITE_DATA]: clearSiteDataValue({ holdsUnsentNotes: holdsUnsentNotes(cookies) }),
    "Set-Cookie": deletedCookie(sessionCookieName(secure), secure),
  };
}
