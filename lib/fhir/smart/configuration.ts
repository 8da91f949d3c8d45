import "server-only";
import { NextResponse } from "next/server";
import { fhirBaseUrl } from "../http";
import { ASSERTION_ALGORITHMS } from "./tokens";
import { SUPPORTED_SCOPES } from "./scopes";

/** The FHIR API's token endpoint, beside its base: https://clinic.example/fhir/auth/token. */
export function tokenEndpoint(fhirBaseUrl: string): string {
  return `${fhirBaseUrl.replace(/\/R4$/, "")}/auth/token`;
}

/** /.well-known/smart-configuration: SMART Backend Services, and nothing else. */
export function smartConfiguration(fhirBaseUrl: string) {
  return {
    token_endpoint: tokenEndpoint(fhirBaseUrl),
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    grant_types_supported: ["client_credentials"],
    scopes_supported: [...SUPPORTED_SCOPES],
    capabilities: ["client-confidential-asymmetric"],
  };
}

/** The discovery document as a route answers it, wherever the route is mounted. */
export function smartConfigurationResponse(request: Request): NextResponse {
  return NextResponse.json(smartConfiguration(fhirBaseUrl(request)));
}
