import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { addAllergy, addAllergyInput } from "@/lib/chart/chart-edits";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/** The treating physician adds an allergy: 201 with it; 409 DUPLICATE_ALLERGY when an active one names the same substance. */
export async function POST(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const input = addAllergyInput.parse(withPathIds(await readJsonBody(request), { patientId }));
    const context = await getApiRequestContext(request);
    const { allergy } = await addAllergy(getDb(), context, input);
    return clinicalJson({ allergy }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
