import { NextResponse } from "next/server";
import { clientInfoFrom } from "@/lib/auth/client-info";
import { getDb } from "@/lib/db/client";
import { fhirBaseUrl } from "@/lib/fhir/http";
import { tokenEndpoint } from "@/lib/fhir/smart/configuration";
import { issueAccessToken } from "@/lib/fhir/smart/tokens";
import { errorResponse, readTextBody } from "@/lib/http/route-errors";

/** SMART Backend Services token endpoint: a signed client assertion for a five-minute access token. */
export async function POST(request: Request) {
  try {
    const form = Object.fromEntries(new URLSearchParams(await readTextBody(request, 32 * 1024)));
    const context = { actor: { kind: "anonymous" as const }, ...clientInfoFrom(request.headers) };
    const token = await issueAccessToken(getDb(), context, form, { tokenUrl: tokenEndpoint(fhirBaseUrl(request)) });
    return NextResponse.json(token, { headers: { "Cache-Control": "no-store", Pragma: "no-cache" } });
  } catch (error) {
    return errorResponse(error);
  }
}
