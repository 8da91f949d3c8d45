import { getApiRequestContext } from "@/lib/auth/request-context";
import { getVisitReconciliation, recordReconciliation, recordReconciliationInput } from "@/lib/chart/reconciliation";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/** The visit's physician: the patient's active medications with what they reported at check-in, and the visit's latest reconciliation. */
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    return clinicalJson(await getVisitReconciliation(getDb(), context, { appointmentId }));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * The visit's physician records the reconciliation: 201 with it; 422 when a
 * stopped or changed medication has no reason, or a medication is not on the
 * patient's active list (nothing recorded, the refusal audited).
 */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const input = recordReconciliationInput.parse(withPathIds(await readJsonBody(request), { appointmentId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ reconciliation: await recordReconciliation(getDb(), context, input) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
