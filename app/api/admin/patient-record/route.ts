import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { downloadPatientRecord } from "@/lib/fhir/bulk/everything";
import { recordDownload } from "@/lib/fhir/bulk/record-response";
import { fhirBaseUrl } from "@/lib/fhir/http";
import { queryOf } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";

/** A records request: an administrator downloads one patient's whole record by MRN (audited). */
export async function GET(request: Request) {
  try {
    const context = await getRequestContext();
    const { bundle, mrn } = await downloadPatientRecord(getDb(), context, queryOf(request, ["mrn"]), { baseUrl: fhirBaseUrl(request) });
    return recordDownload(bundle, mrn);
  } catch (error) {
    return errorResponse(error);
  }
}
