import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import type { RequestContext } from "./access";
import { sessionUserOrEnded } from "./sessions/auth";
import { clientInfoFrom, type ClientInfo } from "./client-info";
import type { Actor } from "./policy";
import { isStaffRole, type SessionUser } from "./sessions/sessions";
import { resolveVisitGuest } from "./links/visit-guests";
import { recordRefusedLink, type LinkCredential } from "./links/refused-links";
import { resolveVisitLink, type VisitLinkRefusal } from "./links/visit-links";

export function actorFromSessionUser(user: SessionUser | undefined): Actor {
  if (!user) return { kind: "anonymous" };
  return {
    kind: "user",
    userId: user.id,
    role: user.role,
    name: user.name,
    patientId: user.patientId,
    physicianId: user.physicianId,
    mfaSatisfied: user.mfaEnabled || !isStaffRole(user.role),
  };
}

/**
 * The signed-in actor (or anonymous) and client details for the current
 * request; resolved once per request however many components ask. A request
 * that came with a session that has ended is refused (SessionEndedError) with
 * the headers that clear the browser; for pages, proxy.ts has already done
 * that and taken the cookie away.
 */
export const getRequestContext = cache(async (): Promise<RequestContext> => {
  const [user, requestHeaders] = await Promise.all([sessionUserOrEnded(), headers()]);
  return { actor: actorFromSessionUser(user ?? undefined), ...clientInfoFrom(requestHeaders), sessionKey: user?.sessionKey };
});

/**
 * For pages and APIs a patient reaches with a visit link: the link's actor, or
 * anonymous when the token is invalid, expired or revoked (so the access check
 * refuses, and audits, whatever is attempted with it).
 */
export async function getVisitLinkContext(token: string): Promise<RequestContext> {
  const [resolved, requestHeaders] = await Promise.all([resolveVisitLink(getDb(), token), headers()]);
  return linkContext("visitLink", resolved, clientInfoFrom(requestHeaders));
}

/** For the guest's page and APIs: the guest's actor, or anonymous when the link is invalid, expired or revoked. */
export async function getVisitGuestContext(token: string): Promise<RequestContext> {
  const [resolved, requestHeaders] = await Promise.all([resolveVisitGuest(getDb(), token), headers()]);
  return linkContext("visitGuest", resolved, clientInfoFrom(requestHeaders));
}

/** The link's actor; a link that does not work is audited as refused and leaves the request anonymous. */
async function linkContext(
  credential: LinkCredential,
  resolved: { actor: Actor } | VisitLinkRefusal,
  client: ClientInfo,
): Promise<RequestContext> {
  if ("actor" in resolved) return { actor: resolved.actor, ...client };
  await recordRefusedLink(getDb(), client, credential, resolved);
  return { actor: { kind: "anonymous" }, ...client };
}

const LINK_SCHEME = /^(VisitLink|VisitGuest)\s+(\S+)$/;

/**
 * For APIs: a patient's visit link in `Authorization: VisitLink <token>` or a
 * guest's in `Authorization: VisitGuest <token>` if present, otherwise the session.
 */
export async function getApiRequestContext(request: Request): Promise<RequestContext> {
  const [, scheme, token] = LINK_SCHEME.exec(request.headers.get("authorization") ?? "") ?? [];
  if (scheme === "VisitLink" && token) return getVisitLinkContext(token);
  if (scheme === "VisitGuest" && token) return getVisitGuestContext(token);
  return getRequestContext();
}
