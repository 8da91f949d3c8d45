import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { cancelAppointment, cancelRequest } from "@/lib/scheduling/booking";

/** Cancels a booked or checked-in visit with a reason; the patient is told and their visit link stops working. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const { reason } = cancelRequest.parse(await readJsonBody(request));
    const { appointment, notificationsQueued } = await cancelAppointment(getDb(), await getRequestContext(), { appointmentId, reason });
    return NextResponse.json({ appointment, notificationsQueued });
  } catch (error) {
    return errorResponse(error);
  }
}
