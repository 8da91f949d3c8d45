import { getRequestContext } from "@/lib/auth/request-context";
import { careGapDecisionInput, decideCareGap, visitCareGapDecisions } from "@/lib/care-gaps/decisions";
import { getDb } from "@/lib/db/client";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/** The care-gap recommendations accepted or dismissed at this visit: for its physician. */
export async function GET(_request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    return clinicalJson({ decisions: await visitCareGapDecisions(getDb(), await getRequestContext(), appointmentId) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The visit's physician accepts a recommendation into the plan or dismisses it with a reason; 201 with the decision. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const decision = careGapDecisionInput.parse(await readJsonBody(request));
    return clinicalJson(await decideCareGap(getDb(), await getRequestContext(), appointmentId, decision), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
