import { getApiRequestContext } from "@/lib/auth/request-context";
import { discontinuePrescription, discontinuePrescriptionInput } from "@/lib/chart/prescriptions";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

// A physician stops an active prescription, with a reason ({ reason }); 200
// with the prescription, 409 PRESCRIPTION_NOT_ACTIVE when it already stopped.
export async function POST(request: Request, { params }: { params: Promise<{ prescriptionId: string }> }) {
  try {
    const prescriptionId = recordId.parse((await params).prescriptionId);
    const input = discontinuePrescriptionInput.parse(withPathIds(await readJsonBody(request), { prescriptionId }));
    const context = await getApiRequestContext(request);
    return clinicalJson(await discontinuePrescription(getDb(), context, input));
  } catch (error) {
    return errorResponse(error);
  }
}
