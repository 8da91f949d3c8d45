import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { getAfterVisitSummaryWithFollowUp } from "@/lib/notes/after-visit-summary";

// The after-visit summary for the appointment's patient, by session or by
// `Authorization: VisitLink <token>`: the signed plan, the visit's prescriptions
// and the follow-up. 200 with summary null until the note is signed.
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    const summary = await getAfterVisitSummaryWithFollowUp(getDb(), context, appointmentId);
    return NextResponse.json({ summary });
  } catch (error) {
    return errorResponse(error);
  }
}
