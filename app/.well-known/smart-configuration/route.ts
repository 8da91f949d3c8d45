import { smartConfigurationResponse } from "@/lib/fhir/smart/configuration";

/** SMART discovery at the site's root too, for clients that look there. */
export function GET(request: Request) {
  return smartConfigurationResponse(request);
}
