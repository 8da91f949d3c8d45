import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { recordVital, recordVitalInput } from "@/lib/chart/chart-edits";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/** The treating physician records a vital sign, measured at the visit or the patient's home reading: 201 with it. */
export async function POST(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const input = recordVitalInput.parse(withPathIds(await readJsonBody(request), { patientId }));
    const context = await getApiRequestContext(request);
    const { vital } = await recordVital(getDb(), context, input);
    return clinicalJson({ vital }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
