import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { searchIcd10ForPatient } from "@/lib/chart/chart-edits";
import { clinicalJson, queryOf } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";

// The problem form's diagnosis search (?q=&limit) over the bundled ICD-10-CM subset.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    const { q, limit } = queryOf(request, ["q", "limit"]);
    return clinicalJson({ codes: await searchIcd10ForPatient(getDb(), context, { patientId, query: q ?? "", limit }) });
  } catch (error) {
    return errorResponse(error);
  }
}
