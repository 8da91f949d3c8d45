import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { getNote, NOTE_REQUEST_MAX_BYTES, openDraftNote, saveNote, saveNoteInput } from "@/lib/notes/notes";

type Params = { params: Promise<{ appointmentId: string }> };

/** The visit's consultation note with its addenda; `note` is null until a draft is opened. */
export async function GET(request: Request, { params }: Params) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    return clinicalJson({ note: await getNote(getDb(), context, { appointmentId }) });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * The appointment's physician opens the note: 201 with a new draft from the
 * visit type's template, or 200 with the note that is already there.
 */
export async function POST(request: Request, { params }: Params) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    const { note, created } = await openDraftNote(getDb(), context, { appointmentId });
    return clinicalJson({ note }, { status: created ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Saves sections of the draft ({ expectedVersion, subjective?, objective?,
 * assessment?, plan? }). 409 NOTE_VERSION_CONFLICT with `current` (the saved
 * text and version) and `attempted` when the note changed since that version;
 * 413 TEXT_TOO_LONG naming the section and the limit. The body may be up to
 * NOTE_REQUEST_MAX_BYTES, so a long section gets that clear 413 and not the
 * generic 16 KB refusal.
 */
export async function PUT(request: Request, { params }: Params) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const input = saveNoteInput.parse(withPathIds(await readJsonBody(request, NOTE_REQUEST_MAX_BYTES), { appointmentId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ note: await saveNote(getDb(), context, input) });
  } catch (error) {
    return errorResponse(error);
  }
}
