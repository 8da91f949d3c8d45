import { getDb } from "@/lib/db/client";
import { fhirJson, fhirRoute } from "@/lib/fhir/http";
import { importTransaction, MAX_TRANSACTION_BYTES } from "@/lib/fhir/import/transaction";
import { getFhirRequestContext } from "@/lib/fhir/request-context";
import { readJsonBody } from "@/lib/http/route-errors";

/** A transaction Bundle of outside records from an integration: imported whole, or refused whole. */
export function POST(request: Request) {
  return fhirRoute(async () => {
    const context = await getFhirRequestContext(request);
    const bundle = await importTransaction(getDb(), context, await readJsonBody(request, MAX_TRANSACTION_BYTES));
    return fhirJson(bundle);
  });
}
