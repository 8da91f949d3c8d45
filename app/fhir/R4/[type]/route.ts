import { getDb } from "@/lib/db/client";
import { searchResources } from "@/lib/fhir/api";
import { fhirBaseUrl, fhirJson, fhirRoute } from "@/lib/fhir/http";
import { getFhirRequestContext } from "@/lib/fhir/request-context";

type Params = { params: Promise<{ type: string }> };

export function GET(request: Request, { params }: Params) {
  return fhirRoute(async () => {
    const [{ type }, context] = await Promise.all([params, getFhirRequestContext(request)]);
    const bundle = await searchResources(getDb(), context, type, new URL(request.url).searchParams, { baseUrl: fhirBaseUrl(request) });
    return fhirJson(bundle);
  });
}
