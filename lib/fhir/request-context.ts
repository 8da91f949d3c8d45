import "server-only";
import type { RequestContext } from "@/lib/auth/access";
import { getRequestContext } from "@/lib/auth/request-context";

/**
 * Who calls the FHIR API: the signed-in user of the browser session; a
 * registered integration with its access token is added in lib/fhir/smart.
 */
export async function getFhirRequestContext(): Promise<RequestContext> {
  return getRequestContext();
}
