import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { inviteVisitGuest, listVisitGuests } from "@/lib/visits/guests";
import { guestInvitationInput } from "@/lib/visits/inputs";

/** The visit's guests, for its physician. Their links are not shown again. */
export async function GET(_request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    return NextResponse.json({ guests: await listVisitGuests(getDb(), await getRequestContext(), appointmentId) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The physician invites a guest, or the physician or a scheduler an interpreter; 201 with the link, shown this once. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const invitation = await inviteVisitGuest(getDb(), await getRequestContext(), appointmentId, guestInvitationInput.parse(await readJsonBody(request)));
    return NextResponse.json(invitation, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
