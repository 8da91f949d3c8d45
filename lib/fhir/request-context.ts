import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import { clientInfoFrom } from "@/lib/auth/client-info";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { integrationActorOf } from "./smart/tokens";

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Who calls the FHIR API: a registered integration presenting its access
 * token (`Authorization: Bearer …`; an invalid, expired or revoked one makes
 * the caller anonymous), or else the signed-in user of the browser session.
 */
export async function getFhirRequestContext(request: Request): Promise<RequestContext> {
  const [, token] = BEARER.exec(request.headers.get("authorization") ?? "") ?? [];
  if (!token) return getRequestContext();
  return { actor: await integrationActorOf(getDb(), token), ...clientInfoFrom(request.headers) };
}
