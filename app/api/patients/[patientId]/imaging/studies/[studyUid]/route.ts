import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";
import { openImagingStudy } from "@/lib/imaging/studies";

// A study opened in the viewer (audited): its series and their images in order.
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string; studyUid: string }> }) {
  try {
    const { patientId, studyUid } = await params;
    const context = await getApiRequestContext(request);
    return clinicalJson(await openImagingStudy(getDb(), context, { patientId, studyUid }));
  } catch (error) {
    return errorResponse(error);
  }
}
