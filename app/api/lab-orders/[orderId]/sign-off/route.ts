import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { signOffResults, signOffResultsInput } from "@/lib/orders/inbox";

/** The physician signs off an order's results (audited) and may notify the patient: 200 with the order; 409 when no results wait. */
export async function POST(request: Request, { params }: { params: Promise<{ orderId: string }> }) {
  try {
    const orderId = recordId.parse((await params).orderId);
    const input = signOffResultsInput.parse(withPathIds(await readJsonBody(request), { orderId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ order: await signOffResults(getDb(), context, input) });
  } catch (error) {
    return errorResponse(error);
  }
}
