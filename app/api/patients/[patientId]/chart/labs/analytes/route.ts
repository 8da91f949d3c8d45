import { getApiRequestContext } from "@/lib/auth/request-context";
import { listLabAnalytes } from "@/lib/chart/labs";
import { getDb } from "@/lib/db/client";
import { clinicalJson, queryOf } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";

// The analytes on the chart (?from&to), grouped by panel, each with its newest
// result and count: what the trend picker lists.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    const query = queryOf(request, ["from", "to"]);
    const analytes = await listLabAnalytes(getDb(), context, { ...query, patientId });
    return clinicalJson({ analytes });
  } catch (error) {
    return errorResponse(error);
  }
}
