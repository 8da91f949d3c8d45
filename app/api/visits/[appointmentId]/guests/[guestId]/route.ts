import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { revokeVisitGuestAccess } from "@/lib/visits/guests";

/** The physician takes a guest's invitation back; a guest in the call is disconnected. */
export async function DELETE(_request: Request, { params }: { params: Promise<{ appointmentId: string; guestId: string }> }) {
  try {
    const { appointmentId, guestId } = await params;
    const result = await revokeVisitGuestAccess(getDb(), await getRequestContext(), recordId.parse(appointmentId), recordId.parse(guestId));
    return NextResponse.json(result);
  } catch (error) {
    return errorResponse(error);
  }
}
