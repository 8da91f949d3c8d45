import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { signNote, signNoteInput } from "@/lib/notes/notes";

// The appointment's physician signs the draft at { expectedVersion }; from then
// on it is locked. 409 NOTE_VERSION_CONFLICT when it changed since, 409
// NOTE_SIGNED when it is already signed, 422 EMPTY_NOTE when there is nothing to sign.
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const input = signNoteInput.parse(withPathIds(await readJsonBody(request), { appointmentId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ note: await signNote(getDb(), context, input) });
  } catch (error) {
    return errorResponse(error);
  }
}
