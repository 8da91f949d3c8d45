import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { addAddendum, addendumInput, NOTE_REQUEST_MAX_BYTES } from "@/lib/notes/notes";

// The appointment's physician adds an addendum ({ body }) to the signed note:
// 201 with the note and all its addenda. 409 NOTE_NOT_SIGNED on a draft; 413
// over the limit (the body is read as far as a note save's, for that clear answer).
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const input = addendumInput.parse(withPathIds(await readJsonBody(request, NOTE_REQUEST_MAX_BYTES), { appointmentId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ note: await addAddendum(getDb(), context, input) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
