import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { enterLabResults, enterLabResultsInput } from "@/lib/orders/orders";

/** A physician enters an order's results by hand, each flagged against its reference range: 201 with the order; 422 for another patient's order. */
export async function POST(request: Request, { params }: { params: Promise<{ orderId: string }> }) {
  try {
    const orderId = recordId.parse((await params).orderId);
    const input = enterLabResultsInput.parse(withPathIds(await readJsonBody(request), { orderId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ order: await enterLabResults(getDb(), context, input) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
