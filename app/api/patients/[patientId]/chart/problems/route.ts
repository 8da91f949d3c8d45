import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { addProblem, addProblemInput } from "@/lib/chart/chart-edits";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/** The treating physician adds a problem by its ICD-10-CM code: 201 with it; 409 DUPLICATE_PROBLEM when that code is already active. */
export async function POST(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const input = addProblemInput.parse(withPathIds(await readJsonBody(request), { patientId }));
    const context = await getApiRequestContext(request);
    const { problem } = await addProblem(getDb(), context, input);
    return clinicalJson({ problem }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
