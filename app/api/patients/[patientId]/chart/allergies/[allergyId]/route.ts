import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { changeAllergy, changeAllergyInput } from "@/lib/chart/chart-edits";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/**
 * Corrects an allergy (`{"change": {"action": "update", "reaction", "severity"}}`) or
 * resolves it (`{"change": {"action": "resolve"}}`): 200 with it; 409 for an outside
 * record or an allergy already resolved; 404 when it is not on this patient's chart.
 */
export async function PATCH(request: Request, { params }: { params: Promise<{ patientId: string; allergyId: string }> }) {
  try {
    const path = await params;
    const ids = { patientId: recordId.parse(path.patientId), allergyId: recordId.parse(path.allergyId) };
    const input = changeAllergyInput.parse(withPathIds(await readJsonBody(request), ids));
    const context = await getApiRequestContext(request);
    const { allergy } = await changeAllergy(getDb(), context, input);
    return clinicalJson({ allergy });
  } catch (error) {
    return errorResponse(error);
  }
}
