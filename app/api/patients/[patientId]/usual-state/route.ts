import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { updateUsualState, usualStateInput } from "@/lib/scheduling/patients";

/** The desk records the state the patient usually is in (or that it is not known); the patient as it now is. */
export async function PUT(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  try {
    const patientId = recordId.parse((await params).patientId);
    const input = usualStateInput.parse(await readJsonBody(request));
    return NextResponse.json({ patient: await updateUsualState(getDb(), await getRequestContext(), patientId, input) });
  } catch (error) {
    return errorResponse(error);
  }
}
