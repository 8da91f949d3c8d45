import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { markNoShow, noShowRequest } from "@/lib/scheduling/booking";

/** Records that the patient did not come, once the visit was due to start; clinic staff only. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    noShowRequest.parse(await readJsonBody(request));
    return NextResponse.json({ appointment: await markNoShow(getDb(), await getRequestContext(), { appointmentId }) });
  } catch (error) {
    return errorResponse(error);
  }
}
