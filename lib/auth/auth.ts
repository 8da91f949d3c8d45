import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { clientInfoFrom } from "./client-info";
import { resolveSession, revokeSession, SESSION_MAX_AGE_MS, type SessionUser } from "./sessions";
import { signInWithPassword, type SignInFailure } from "./sign-in";

class SignInRefused extends CredentialsSignin {
  constructor(failure: SignInFailure) {
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
