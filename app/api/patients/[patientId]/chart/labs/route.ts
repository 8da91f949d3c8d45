import { getApiRequestContext } from "@/lib/auth/request-context";
import { listLabResults } from "@/lib/chart/labs";
import { getDb } from "@/lib/db/client";
import { clinicalJson, queryOf } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";

// One page of lab results grouped by panel, newest first:
// ?from&to (ISO dates; from inclusive, to exclusive) &panel &cursor (the
// previous page's nextCursor) &limit.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    const query = queryOf(request, ["from", "to", "panel", "cursor", "limit"]);
    return clinicalJson(await listLabResults(getDb(), context, { ...query, patientId }));
  } catch (error) {
    return errorResponse(error);
  }
}
