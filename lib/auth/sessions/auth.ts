import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { clientInfoFrom } from "../client-info";
import { log } from "@/lib/observability/log";
import { logAuthError } from "./auth-log";
import { authCookies, servedOverHttps } from "./cookies";
import { SessionEndedError } from "./errors";
import { BACKGROUND_POLL_HEADER } from "./idle-warning";
import { lookUpRequestSession, sessionEndHeaders, type RequestSession } from "./request-session";
import { endSession, hashSessionToken, resolveSession, SESSION_MAX_AGE_MS, type SessionUser } from "./sessions";
import { signInWithLink } from "../links/sign-in-links";
import { signInWithPassword, type SignInFailure } from "../sign-in/sign-in";

export const SIGN_IN_LINK_PROVIDER = "sign-in-link";

class SignInRefused extends CredentialsSignin {
  constructor(failure: SignInFailure | "link_unusable") {
    super();
    this.code = failure;
  }
}

declare module "next-auth" {
  interface User {
    sessionToken?: string;
  }
  interface Session {
    sessionUser?: SessionUser;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sessionToken?: string;
    sessionUser?: SessionUser;
  }
}

/** The cookie outlives the session by a week; see `session.maxAge` below. */
const SESSION_COOKIE_MAX_AGE_S = SESSION_MAX_AGE_MS / 1000 + 7 * 24 * 60 * 60;

// Auth.js only supports JWT sessions with credentials sign-in. The JWT carries
// nothing but our own session token; every request resolves it against the
// Session table, which is what makes sessions revocable, idle-limited and
// ended at once when a user is disabled or changes their password. The
// configuration is made per request, because the cookies' names depend on
// whether the request came over HTTPS (cookies.ts).
export const { handlers, signIn, signOut } = NextAuth(async (request) => {
  const secure = servedOverHttps(request?.headers ?? (await headers()));
  return {
    trustHost: true,
    useSecureCookies: secure,
    cookies: authCookies(secure),
    // The cookie outlives the session (which ends after 12 hours at most, in
    // the database): a browser that comes back within the week still sends
    // it, so the answer can tell the browser the session is over and clear it.
    session: { strategy: "jwt", maxAge: SESSION_COOKIE_MAX_AGE_S },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    logger: { error: logAuthError, warn: (code) => log.warn({ code }, "Auth.js warning") },
    providers: [
      Credentials({
        credentials: { email: {}, password: {}, code: {} },
        async authorize(credentials, request) {
          const result = await signInWithPassword(
            getDb(),
            {
              email: String(credentials.email ?? ""),
              password: String(credentials.password ?? ""),
              code: credentials.code ? String(credentials.code) : undefined,
            },
            clientInfoFrom(request.headers),
          );
          if (!result.ok) throw new SignInRefused(result.failure);
          return { id: result.userId, sessionToken: result.sessionToken };
        },
      }),
      // A patient's one-time link from their email (lib/auth/links/sign-in-links.ts).
      Credentials({
        id: SIGN_IN_LINK_PROVIDER,
        credentials: { token: {} },
        async authorize(credentials, request) {
          const result = await signInWithLink(getDb(), String(credentials.token ?? ""), clientInfoFrom(request.headers));
          if (!result.ok) throw new SignInRefused("link_unusable");
          return { id: result.userId, sessionToken: result.sessionToken };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.sessionToken) return { sessionToken: user.sessionToken };
        const sessionToken = typeof token.sessionToken === "string" ? token.sessionToken : null;
        if (!sessionToken) return null;
        const sessionUser = await resolveSession(getDb(), sessionToken);
        return sessionUser ? { sessionToken, sessionUser } : null;
      },
      session({ session, token }) {
        return { ...session, sessionUser: token.sessionUser };
      },
    },
    events: {
      // Auth.js's own sign-out (its /api/auth/signout page, and signOut() after a
      // password change, which has already ended every session: no event then).
      async signOut(message) {
        const token = "token" in message ? message.token?.sessionToken : undefined;
        if (typeof token !== "string") return;
        await endSession(getDb(), hashSessionToken(token), "sign-out", clientInfoFrom(await headers()));
      },
    },
  };
});

/**
 * The current request's session; looked up once per request. Reads the
 * session cookie instead of calling auth(), which would also re-encrypt it
 * and set it again on every request: the session's expiry is fixed at
 * sign-in, so there is nothing to refresh, and that is two key derivations
 * and an encryption saved per request.
 */
export const currentRequestSession = cache(async (): Promise<RequestSession> => {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  return lookUpRequestSession(getDb(), cookieStore, requestHeaders, { countsAsActivity: !requestHeaders.has(BACKGROUND_POLL_HEADER) });
});

/** The signed-in user of the current request, or null (no session, or one that has ended). */
export const currentSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await currentRequestSession();
  return session.kind === "active" ? session.user : null;
});

/**
 * The signed-in user of the current request, or null for a request without a
 * session; SessionEndedError (401, clearing the browser) for one that came
 * with a session that has ended.
 */
export async function sessionUserOrEnded(): Promise<SessionUser | null> {
  const session = await currentRequestSession();
  if (session.kind === "active") return session.user;
  if (session.kind === "none") return null;
  throw new SessionEndedError(await currentSessionEndHeaders());
}

/** sessionEndHeaders() for the current request. */
export async function currentSessionEndHeaders(): Promise<Record<string, string>> {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  return sessionEndHeaders(cookieStore, requestHeaders);
}
