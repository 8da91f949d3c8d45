import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { withPathIds } from "@/lib/http/clinical-routes";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { publishQuestionnaire, publishQuestionnaireInput } from "@/lib/intake/questionnaires";

/** An administrator publishes a new version of the visit type's questionnaire ({ basedOnVersion, questions }); 201 with its number. */
export async function POST(request: Request, { params }: { params: Promise<{ visitTypeId: string }> }) {
  try {
    const { visitTypeId } = await params;
    const input = publishQuestionnaireInput.parse(withPathIds(await readJsonBody(request, 64 * 1024), { visitTypeId }));
    return NextResponse.json(await publishQuestionnaire(getDb(), await getRequestContext(), input), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
