import { getApiRequestContext } from "@/lib/auth/request-context";
import { listVisitHistory } from "@/lib/chart/history";
import { getDb } from "@/lib/db/client";
import { clinicalJson, queryOf } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";

// Past visits, newest first, each with its signed note and prescriptions
// (?cursor&limit). Clinicians only: reading notes is "note.read".
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    const query = queryOf(request, ["cursor", "limit"]);
    return clinicalJson(await listVisitHistory(getDb(), context, { ...query, patientId }));
  } catch (error) {
    return errorResponse(error);
  }
}
