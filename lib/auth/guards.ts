import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/db/generated/enums";
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
  const context = await getRequestContext();
  const { actor } = context;
  if (actor.kind !== "user") {
    redirect(options.returnTo ? `/sign-in?returnTo=${encodeURIComponent(options.returnTo)}` : "/sign-in");
  }
  if (!actor.mfaSatisfied && !options.allowPendingMfa) redirect("/account/security");
  if (options.roles && !options.roles.includes(actor.role)) forbidden();
  return { ...context, actor };
}
