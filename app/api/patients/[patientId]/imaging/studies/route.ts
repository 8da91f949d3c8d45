import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";
import { listImagingStudies } from "@/lib/imaging/studies";

// The patient's imaging studies from the DICOM archive, newest first, with their reports.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const { patientId } = await params;
    const context = await getApiRequestContext(request);
    return clinicalJson(await listImagingStudies(getDb(), context, { patientId }));
  } catch (error) {
    return errorResponse(error);
  }
}
