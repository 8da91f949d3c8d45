import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { rescheduleAppointment, rescheduleRequest } from "@/lib/scheduling/booking";

/**
 * Moves a booked visit to another free time, of the same physician or of the
 * one `physicianId` names. The moved visit is a new appointment (the old one is
 * cancelled as "Rescheduled"), so the response carries its id; 409 SLOT_TAKEN
 * with the next free slots if the time was taken, 409 CHANGED_MEANWHILE with
 * where the visit is now if someone else moved or cancelled it meanwhile, 422
 * when the target physician does not offer its visit type.
 */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const { startsAt, physicianId } = rescheduleRequest.parse(await readJsonBody(request));
    const { appointment, notificationsQueued } = await rescheduleAppointment(getDb(), await getRequestContext(), { appointmentId, startsAt, physicianId });
    return NextResponse.json({ appointment, notificationsQueued });
  } catch (error) {
    return errorResponse(error);
  }
}
