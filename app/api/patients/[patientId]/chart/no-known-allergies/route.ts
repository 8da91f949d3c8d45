import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { attestNoKnownAllergies, attestNoKnownAllergiesInput } from "@/lib/chart/chart-edits";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";

/** The treating physician attests "no known allergies": 200 with who and when; 409 ALLERGIES_ACTIVE while the chart lists one. */
export async function PUT(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const input = attestNoKnownAllergiesInput.parse({ patientId: recordId.parse((await params).patientId) });
    const context = await getApiRequestContext(request);
    const { noKnownAllergies } = await attestNoKnownAllergies(getDb(), context, input);
    return clinicalJson({ noKnownAllergies });
  } catch (error) {
    return errorResponse(error);
  }
}
