import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { createLabOrder, createLabOrderInput, listLabOrders, ORDERABLE } from "@/lib/orders/orders";

/** The patient's lab orders with their results, and what the order form offers (panels, indications). */
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    return clinicalJson({ orders: await listLabOrders(getDb(), context, { patientId }), orderable: ORDERABLE });
  } catch (error) {
    return errorResponse(error);
  }
}

/** A physician orders a bundled lab panel with an ICD-10 indication: 201 with the order; 422 for a panel or indication the clinic does not have. */
export async function POST(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const input = createLabOrderInput.parse(withPathIds(await readJsonBody(request), { patientId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ order: await createLabOrder(getDb(), context, input) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
