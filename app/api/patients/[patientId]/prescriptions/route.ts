import { getApiRequestContext } from "@/lib/auth/request-context";
import { createPrescription, createPrescriptionInput, listPrescriptions } from "@/lib/chart/prescriptions";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/** The patient's prescriptions, newest first: the active ones, then the past ones (completed or discontinued). */
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const context = await getApiRequestContext(request);
    const { active, past } = await listPrescriptions(getDb(), context, { patientId });
    return clinicalJson({ prescriptions: [...active, ...past] });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * A physician writes a prescription: 201 with it and the warnings acknowledged;
 * 409 (code PRESCRIPTION_WARNINGS, with `warnings`) until every warning's code
 * is in `acknowledgedWarnings`; 422 when it breaks a prescribing rule.
 */
export async function POST(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const input = createPrescriptionInput.parse(withPathIds(await readJsonBody(request), { patientId }));
    const context = await getApiRequestContext(request);
    return clinicalJson(await createPrescription(getDb(), context, input), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
