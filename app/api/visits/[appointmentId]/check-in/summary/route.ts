import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getCheckInSummary } from "@/lib/checkin/check-in";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";

/** What the visit's physician sees of the patient's check-in before admitting them. */
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const summary = await getCheckInSummary(getDb(), await getApiRequestContext(request), appointmentId);
    return NextResponse.json(summary, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
