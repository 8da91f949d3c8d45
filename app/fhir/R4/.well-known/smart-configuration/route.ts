import { smartConfigurationResponse } from "@/lib/fhir/smart/configuration";

/** SMART discovery, beside the FHIR base as clients look for it. */
export function GET(request: Request) {
  return smartConfigurationResponse(request);
}
