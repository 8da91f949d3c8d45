import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { chatInSummaryInput, setChatInSummary } from "@/lib/visits/chat";

/** The visit's physician ticks `{"include": true}` (or false) to show the chat in the after-visit summary; 409 NOTE_SIGNED once signed. */
export async function PUT(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const input = chatInSummaryInput.parse(withPathIds(await readJsonBody(request), { appointmentId }));
    const context = await getApiRequestContext(request);
    return clinicalJson(await setChatInSummary(getDb(), context, input));
  } catch (error) {
    return errorResponse(error);
  }
}
