import { NextResponse } from "next/server";
import { fhirBaseUrl } from "@/lib/fhir/http";
import { smartConfiguration } from "@/lib/fhir/smart/configuration";

/** SMART discovery, beside the FHIR base as clients look for it. */
export function GET(request: Request) {
  return NextResponse.json(smartConfiguration(fhirBaseUrl(request)));
}
