import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { issueVisitToken } from "@/lib/visits/tokens";

// A LiveKit token for the visit's room, for the patient (session or
// `Authorization: VisitLink`), a guest (`Authorization: VisitGuest`) or the
// physician. 409 while the visit is not open; the client fetches a new one to reconnect.
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    return NextResponse.json(await issueVisitToken(getDb(), context, appointmentId), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
