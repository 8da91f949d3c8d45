import { getDb } from "@/lib/db/client";
import { readResource } from "@/lib/fhir/api";
import { fhirJson, fhirRoute } from "@/lib/fhir/http";
import { getFhirRequestContext } from "@/lib/fhir/request-context";

type Params = { params: Promise<{ type: string; id: string }> };

export function GET(request: Request, { params }: Params) {
  return fhirRoute(async () => {
    const [{ type, id }, context] = await Promise.all([params, getFhirRequestContext(request)]);
    return fhirJson(await readResource(getDb(), context, type, id));
  });
}
