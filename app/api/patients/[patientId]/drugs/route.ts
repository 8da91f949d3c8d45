import { getApiRequestContext } from "@/lib/auth/request-context";
import { searchDrugsForPatient } from "@/lib/chart/prescriptions";
import { getDb } from "@/lib/db/client";
import { clinicalJson, queryOf } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";

// The prescribing form's drug search (?q=&limit): catalog drugs matching the
// text, each with the warnings prescribing it would raise for this patient
// (allergies, duplicate therapy), so they show before anything is submitted.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    const { q, limit } = queryOf(request, ["q", "limit"]);
    const hits = await searchDrugsForPatient(getDb(), context, { patientId, query: q ?? "", limit });
    return clinicalJson({ drugs: hits.map(({ drug, warnings }) => ({ ...drug, warnings })) });
  } catch (error) {
    return errorResponse(error);
  }
}
