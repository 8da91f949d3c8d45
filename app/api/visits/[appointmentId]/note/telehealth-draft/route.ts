import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { getTelehealthDraft } from "@/lib/notes/notes";

/** The note's telehealth block as the visit's recorded data fill it now, for "Refresh from visit" (the note's author only). */
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    return clinicalJson({ telehealth: await getTelehealthDraft(getDb(), context, { appointmentId }) });
  } catch (error) {
    return errorResponse(error);
  }
}
