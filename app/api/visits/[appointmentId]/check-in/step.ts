import { NextResponse } from "next/server";
import type { RequestContext } from "@/lib/auth/access";
import { getApiRequestContext } from "@/lib/auth/request-context";
import type { CheckInForm } from "@/lib/checkin/types";
import { getDb } from "@/lib/db/client";
import type { Database } from "@/lib/db/prisma";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

type StepOperation = (db: Database, context: RequestContext, appointmentId: string, input: unknown) => Promise<CheckInForm>;

/**
 * One check-in step's route: the patient by session or `Authorization:
 * VisitLink`, their step's fields as JSON; answers with the check-in as it now
 * stands, so the browser shows the next step.
 */
export async function checkInStep(request: Request, params: Promise<{ appointmentId: string }>, operation: StepOperation) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    const form = await operation(getDb(), context, appointmentId, await readJsonBody(request));
    return NextResponse.json(form, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
