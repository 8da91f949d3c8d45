import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { exportFile } from "@/lib/fhir/bulk/async-export";
import { fhirRoute } from "@/lib/fhir/http";
import { getFhirRequestContext } from "@/lib/fhir/request-context";

type Params = { params: Promise<{ jobId: string; fileId: string }> };

/** One NDJSON file of a finished export, for the client that asked for it. */
export function GET(request: Request, { params }: Params) {
  return fhirRoute(async () => {
    const [{ jobId, fileId }, context] = await Promise.all([params, getFhirRequestContext(request)]);
    const content = await exportFile(getDb(), context, jobId, fileId);
    return new NextResponse(content, { headers: { "Content-Type": "application/fhir+ndjson", "Cache-Control": "no-store" } });
  });
}
