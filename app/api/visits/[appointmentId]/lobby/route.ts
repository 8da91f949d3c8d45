import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { getVisitLobby } from "@/lib/visits/admission";

/** The physician's view of the room: who is waiting to be admitted and who is in. */
export async function GET(_request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const lobby = await getVisitLobby(getDb(), await getRequestContext(), appointmentId);
    return NextResponse.json(lobby, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
