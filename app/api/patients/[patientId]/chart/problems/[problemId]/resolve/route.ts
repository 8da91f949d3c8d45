import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { resolveProblem, resolveProblemInput } from "@/lib/chart/chart-edits";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/** Resolves an active problem (today, or `resolvedDate`): 200 with it; 409 for an outside record or a problem no longer active. */
export async function POST(request: Request, { params }: { params: Promise<{ patientId: string; problemId: string }> }) {
  try {
    const path = await params;
    const ids = { patientId: recordId.parse(path.patientId), problemId: recordId.parse(path.problemId) };
    const input = resolveProblemInput.parse(withPathIds(await readJsonBody(request), ids));
    const context = await getApiRequestContext(request);
    const { problem } = await resolveProblem(getDb(), context, input);
    return clinicalJson({ problem });
  } catch (error) {
    return errorResponse(error);
  }
}
