import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { getVisitRoster } from "@/lib/visits/members";

// Who is in the call, by name, for someone in it (the physician, or an
// admitted patient or guest, with their session or link); 403 while waiting.
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const context = await getApiRequestContext(request);
    return NextResponse.json({ people: await getVisitRoster(getDb(), context, appointmentId) }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
