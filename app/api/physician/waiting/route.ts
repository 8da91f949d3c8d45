import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";
import { physicianWaitingRoom } from "@/lib/visits/waiting";

/** The signed-in physician's patients in a waiting room now; their pages poll it for the notice. */
export async function GET() {
  try {
    const waiting = await physicianWaitingRoom(getDb(), await getRequestContext());
    return NextResponse.json({ waiting }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
