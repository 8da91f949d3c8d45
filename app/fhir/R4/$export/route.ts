import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { kickOffExport } from "@/lib/fhir/bulk/async-export";
import { fhirBaseUrl, fhirRoute } from "@/lib/fhir/http";
import { getFhirRequestContext } from "@/lib/fhir/request-context";

/** Bulk Data kick-off: 202 with the status URL in Content-Location. */
export function GET(request: Request) {
  return fhirRoute(async () => {
    const context = await getFhirRequestContext(request);
    const jobId = await kickOffExport(getDb(), context, new URL(request.url).searchParams, request.headers.get("prefer"));
    return new NextResponse(null, { status: 202, headers: { "Content-Location": `${fhirBaseUrl(request)}/bulk/${jobId}` } });
  });
}
