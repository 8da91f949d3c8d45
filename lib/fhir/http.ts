import "server-only";
import { log } from "@/lib/observability/log";
import { NextResponse } from "next/server";
import { asAppError } from "@/lib/http/route-errors";
import { asOperationOutcome, operationOutcome } from "./errors";
import { clinicBaseUrl, FHIR_JSON } from "./systems";

// Responses of the FHIR routes: FHIR JSON, never cached (it is patient data),
// and every refusal an OperationOutcome with the refusal's own status.

export function fhirJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): NextResponse {
  return new NextResponse(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": `${FHIR_JSON}; charset=utf-8`, "Cache-Control": "no-store", ...init.headers },
  });
}

export function fhirErrorResponse(error: unknown): NextResponse {
  const refusal = asAppError(error);
  if (refusal) return fhirJson(asOperationOutcome(refusal), { status: refusal.status, headers: refusal.headers() });
  log.error({ err: error }, "unexpected error answered with 500");
  return fhirJson(operationOutcome([{ code: "exception", diagnostics: "Something went wrong on our side." }]), { status: 500 });
}

/** Runs a FHIR route's work and answers with its result, or with the OperationOutcome of what it threw. */
export async function fhirRoute(work: () => Promise<NextResponse>): Promise<NextResponse> {
  try {
    return await work();
  } catch (error) {
    return fhirErrorResponse(error);
  }
}

/** The FHIR API's base address as clients reach it: APP_URL's when set (behind a proxy), else the request's own. */
export function fhirBaseUrl(request: Request): string {
  const origin = process.env.APP_URL ? clinicBaseUrl() : new URL(request.url).origin;
  return `${origin}/fhir/R4`;
}
