import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { deleteExport, exportStatus } from "@/lib/fhir/bulk/async-export";
import { operationOutcome } from "@/lib/fhir/errors";
import { fhirBaseUrl, fhirJson, fhirRoute } from "@/lib/fhir/http";
import { getFhirRequestContext } from "@/lib/fhir/request-context";

type Params = { params: Promise<{ jobId: string }> };

/** Bulk Data status: 202 with X-Progress while it runs, then the manifest (or the failure). */
export function GET(request: Request, { params }: Params) {
  return fhirRoute(async () => {
    const [{ jobId }, context] = await Promise.all([params, getFhirRequestContext(request)]);
    const status = await exportStatus(getDb(), context, jobId, { baseUrl: fhirBaseUrl(request) });
    switch (status.state) {
      case "in-progress":
        return new NextResponse(null, { status: 202, headers: { "X-Progress": status.progress, "Retry-After": "5", "Cache-Control": "no-store" } });
      case "failed":
        return fhirJson(operationOutcome([{ code: "exception", diagnostics: status.error }]), { status: 500 });
      case "complete":
        return NextResponse.json(status.manifest, { headers: { "Cache-Control": "no-store" } });
    }
  });
}

/** Cancels an export, or deletes a finished one's files. */
export function DELETE(request: Request, { params }: Params) {
  return fhirRoute(async () => {
    const [{ jobId }, context] = await Promise.all([params, getFhirRequestContext(request)]);
    await deleteExport(getDb(), context, jobId);
    return new NextResponse(null, { status: 202 });
  });
}
