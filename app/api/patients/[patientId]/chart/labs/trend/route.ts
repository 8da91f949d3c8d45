import { getApiRequestContext } from "@/lib/auth/request-context";
import { getAnalyteTrend } from "@/lib/chart/labs";
import { getDb } from "@/lib/db/client";
import { clinicalJson, queryOf } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";

// One analyte's trend (?loinc=<LOINC code>&from&to): every result in the range,
// oldest first, with its reference band. Not paged, unlike the results list.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    const { loinc, ...range } = queryOf(request, ["loinc", "from", "to"]);
    // Without ?loinc the lib's schema answers 400 "That is not a LOINC code."
    const input = { ...range, loincCode: loinc ?? "", patientId };
    return clinicalJson(await getAnalyteTrend(getDb(), context, input));
  } catch (error) {
    return errorResponse(error);
  }
}
