import { getApiRequestContext } from "@/lib/auth/request-context";
import { getChartSummary } from "@/lib/chart/summary";
import { getDb } from "@/lib/db/client";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";

// The chart's Summary tab: demographics, allergies, active problems and
// medications, latest vitals. For a treating physician, the patient
// themselves, or a physician holding an open break-glass grant on the patient.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    return clinicalJson(await getChartSummary(getDb(), context, { patientId }));
  } catch (error) {
    return errorResponse(error);
  }
}
