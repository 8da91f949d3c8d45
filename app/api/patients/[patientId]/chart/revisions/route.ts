import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { listChartRevisions } from "@/lib/chart/chart-edits";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";

/** The chart's changes, newest first: who, when, and each field before and after (the History tab). */
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    return clinicalJson({ revisions: await listChartRevisions(getDb(), context, { patientId }) });
  } catch (error) {
    return errorResponse(error);
  }
}
