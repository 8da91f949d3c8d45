import { getApiRequestContext } from "@/lib/auth/request-context";
import { openBreakGlass, openBreakGlassInput } from "@/lib/auth/break-glass/grants";
import { getDb } from "@/lib/db/client";
import { clinicalJson, withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/**
 * A physician opens the patient's chart outside their care relationship
 * ({ reasonCode, reasonText, code }): 201 with the grant and when it runs out;
 * 403 when the code is wrong or already used, or for anyone but a physician;
 * 429 after repeated refusals.
 */
export async function POST(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const input = openBreakGlassInput.parse(withPathIds(await readJsonBody(request), { patientId }));
    const context = await getApiRequestContext(request);
    return clinicalJson({ grant: await openBreakGlass(getDb(), context, input) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
