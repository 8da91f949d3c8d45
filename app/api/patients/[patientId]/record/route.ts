import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { downloadPatientRecord } from "@/lib/fhir/bulk/everything";
import { recordDownload } from "@/lib/fhir/bulk/record-response";
import { fhirBaseUrl } from "@/lib/fhir/http";
import { errorResponse } from "@/lib/http/route-errors";

type Params = { params: Promise<{ patientId: string }> };

/** "Download my record": the patient's whole record as a FHIR Bundle. */
export async function GET(request: Request, { params }: Params) {
  try {
    const [{ patientId }, context] = await Promise.all([params, getRequestContext()]);
    const { bundle, mrn } = await downloadPatientRecord(getDb(), context, { patientId }, { baseUrl: fhirBaseUrl(request) });
    return recordDownload(bundle, mrn);
  } catch (error) {
    return errorResponse(error);
  }
}
