import { getApiRequestContext } from "@/lib/auth/request-context";
import { listOutsideRecords } from "@/lib/chart/outside-records";
import { getDb } from "@/lib/db/client";
import { clinicalJson } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";

// Outside notes and encounters (imported from other clinics), newest first. Clinicians only: "note.read".
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const { patientId } = await params;
    const context = await getApiRequestContext(request);
    return clinicalJson({ records: await listOutsideRecords(getDb(), context, { patientId }) });
  } catch (error) {
    return errorResponse(error);
  }
}
