import { getDb } from "@/lib/db/client";
import { patientEverything } from "@/lib/fhir/bulk/everything";
import { fhirRefusal } from "@/lib/fhir/errors";
import { fhirBaseUrl, fhirJson, fhirRoute } from "@/lib/fhir/http";
import { getFhirRequestContext } from "@/lib/fhir/request-context";

type Params = { params: Promise<{ type: string; id: string; operation: string }> };

/** Instance operations: Patient/[id]/$everything, the only one supported. */
export function GET(request: Request, { params }: Params) {
  return fhirRoute(async () => {
    const [{ type, id, operation }, context] = await Promise.all([params, getFhirRequestContext(request)]);
    if (type !== "Patient" || operation !== "$everything") throw fhirRefusal.notSupported(`${type.slice(0, 64)}/[id]/${operation.slice(0, 64)} is not supported; Patient/[id]/$everything is.`);
    return fhirJson(await patientEverything(getDb(), context, id, new URL(request.url).searchParams, { baseUrl: fhirBaseUrl(request) }));
  });
}
