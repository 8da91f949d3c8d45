import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { declineFromVisit } from "@/lib/visits/admission";
import { participantIdentityInput } from "@/lib/visits/inputs";

/** The physician turns a patient or guest away (or out of the call); they are disconnected. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const { identity } = participantIdentityInput.parse(await readJsonBody(request));
    return NextResponse.json(await declineFromVisit(getDb(), await getRequestContext(), appointmentId, identity));
  } catch (error) {
    return errorResponse(error);
  }
}
