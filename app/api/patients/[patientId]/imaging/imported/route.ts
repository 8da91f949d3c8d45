import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";
import { listImportedImagingStudies } from "@/lib/imaging/imported";

// The patient's imaging studies imported from outside sources, each with its source and whether it answers.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const { patientId } = await params;
    const context = await getApiRequestContext(request);
    return clinicalJson(await listImportedImagingStudies(getDb(), context, { patientId }));
  } catch (error) {
    return errorResponse(error);
  }
}
