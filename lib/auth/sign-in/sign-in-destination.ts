import "server-only";
import type { Role } from "@/lib/db/generated/enums";
import type { Database } from "@/lib/db/prisma";
import { ROLE_HOMES } from "@/lib/navigation";
import { isStaffRole } from "../sessions/sessions";

export const ACCOUNT_SECURITY_PATH = "/account/security";

// Resolving against a placeholder origin and checking it is unchanged catches
// every spelling of another site ("//evil", "/\evil", "https:evil", …) that a
// browser would follow, without listing them.
const PLACEHOLDER_ORIGIN = "https://return-to.invalid";

/**
 * A path on this site to go back to after signing in, or null when `value`
 * could lead anywhere else (an open redirect) or back to the sign-in page.
 */
export function safeReturnTo(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || /[\\\s]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || url.pathname === "/sign-in") return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Staff finish MFA enrolment first; everyone else goes back where they were, or to their area. */
export function signInDestination(user: { role: Role; mfaEnabled: boolean }, returnTo: string | null): string {
  if (isStaffRole(user.role) && !user.mfaEnabled) return ACCOUNT_SECURITY_PATH;
  return safeReturnTo(returnTo) ?? ROLE_HOMES[user.role];
}

/** Where the user who has just signed in with `email` goes next. */
export async function findSignInDestination(db: Database, email: string, returnTo: string | null): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { role: true, mfaEnabledAt: true } });
  return signInDestination({ role: user.role, mfaEnabled: user.mfaEnabledAt !== null }, returnTo);
}
