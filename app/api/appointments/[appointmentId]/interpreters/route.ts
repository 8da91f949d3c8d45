import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { inviteInterpreterByMail } from "@/lib/visits/guests";
import { interpreterInvitationInput } from "@/lib/visits/inputs";

/** The scheduler (or the visit's physician) invites an interpreter, whose link goes to them by email; 201 with the guest. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const invitation = interpreterInvitationInput.parse(await readJsonBody(request));
    return NextResponse.json(await inviteInterpreterByMail(getDb(), await getRequestContext(), appointmentId, invitation), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
