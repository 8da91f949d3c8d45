import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/db/generated/enums";
import { orPageError } from "@/lib/http/page-errors";
import type { RequestContext } from "./access";
import type { Actor } from "./policy";
import { getRequestContext } from "./request-context";

export type SignedInContext = RequestContext & { actor: Extract<Actor, { kind: "user" }> };

/**
 * For pages: the signed-in user's context, or a redirect to sign in. Staff who
 * have not finished MFA enrolment are sent to do that first; a user whose role
 * is not listed gets 403. Data access still goes through `authorize`.
 */
export async function requireSignedIn(
  options: { roles?: readonly Role[]; returnTo?: string; allowPendingMfa?: boolean } = {},
): Promise<SignedInContext> {
  // A session that ended after proxy.ts looked (a moment ago) is refused: send them to sign in.
  const context = await orPageError(getRequestContext(), options.returnTo);
  const { actor } = context;
  if (actor.kind !== "user") {
    redirect(options.returnTo ? `/sign-in?returnTo=${encodeURIComponent(options.returnTo)}` : "/sign-in");
  }
  if (!actor.mfaSatisfied && !options.allowPendingMfa) redirect("/account/security");
  if (options.roles && !options.roles.includes(actor.role)) forbidden();
  return { ...context, actor };
}
