import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import { decode } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { clientInfoFrom } from "../client-info";
import { ExpiringCache } from "./expiring-cache";
import { BACKGROUND_POLL_HEADER } from "./idle-warning";
import { authSecret } from "../mfa/secret-box";
import { resolveSession, revokeSession, SESSION_MAX_AGE_MS, type SessionUser } from "./sessions";
import { signInWithPassword, type SignInFailure } from "../sign-in/sign-in";
import { signInWithLink } from "../links/sign-in-links";

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

// Auth.js only supports JWT sessions with credentials sign-in. The JWT carries
// nothing but our own session token; every request resolves it against the
// Session table, which is what makes sessions revocable, idle-limited and
// ended at once when a user is disabled or changes their password.
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_MS / 1000 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
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
    async signOut(message) {
      const token = "token" in message ? message.token?.sessionToken : undefined;
      if (typeof token === "string") await revokeSession(getDb(), token);
    },
  },
});

// The names Auth.js gives its session cookie over HTTPS and over plain HTTP.
// The payload (our session token) is far below the size at which it splits
// the cookie into chunks.
const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

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
 * The signed-in user of the current request, or null; resolved once per
 * request. Reads the session cookie instead of calling auth(), which would
 * also re-encrypt it and set it again on every request: the session's expiry
 * is fixed at sign-in, so there is nothing to refresh, and that is two key
 * derivations and an encryption saved per request.
 */
export const currentSessionUser = cache(async (): Promise<SessionUser | null> => {
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  const name = SESSION_COOKIE_NAMES.find((candidate) => cookieStore.has(candidate));
  const cookie = name ? cookieStore.get(name)?.value : undefined;
  const sessionToken = name && cookie ? await sessionTokenOf(name, cookie) : null;
  if (!sessionToken) return null;
  return resolveSession(getDb(), sessionToken, new Date(), { countsAsActivity: !requestHeaders.has(BACKGROUND_POLL_HEADER) });
});
