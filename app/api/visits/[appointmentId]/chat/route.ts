import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { getVisitChat, saveChatMessage, saveChatMessageInput } from "@/lib/visits/chat";

/** The visit's chat, oldest first, and whether the after-visit summary shows it: for the visit's physician. */
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    return clinicalJson({ chat: await getVisitChat(getDb(), context, { appointmentId }) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Someone in the call saves the message they just sent (session or link): 201; 403 NOT_ADMITTED while waiting. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const input = saveChatMessageInput.parse(withPathIds(await readJsonBody(request), { appointmentId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ message: await saveChatMessage(getDb(), context, input) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
