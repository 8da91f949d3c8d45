import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { withPathIds } from "@/lib/http/clinical-routes";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { getIntake, saveIntakeAnswers, saveIntakeInput } from "@/lib/intake/intake";

type Params = { params: Promise<{ appointmentId: string }> };

const NO_STORE = { "Cache-Control": "no-store" };

/** The visit's questionnaire and the answers so far: for the visit's patient (session or visit link) and its physician. */
export async function GET(request: Request, { params }: Params) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    return NextResponse.json(await getIntake(getDb(), context, appointmentId), { headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The patient saves their answers ({ answers, complete }); 400 naming the question when one does not fit. */
export async function PUT(request: Request, { params }: Params) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const input = saveIntakeInput.parse(withPathIds(await readJsonBody(request, 64 * 1024), { appointmentId }));
    const context = await getApiRequestContext(request);
    return NextResponse.json(await saveIntakeAnswers(getDb(), context, input), { headers: NO_STORE });
  } catch (error) {
    return errorResponse(error);
  }
}
