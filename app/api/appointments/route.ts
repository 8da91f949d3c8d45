import { NextResponse, type NextRequest } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { bookAppointment, bookingRequest } from "@/lib/scheduling/booking";
import { appointmentRangeQuery, schedulerWeek } from "@/lib/scheduling/calendar";

/** Every physician's appointments in [from, to), for API clients (the scheduler's calendar reads GET /api/calendar, which adds hours and free times). */
export async function GET(request: NextRequest) {
  try {
    const range = appointmentRangeQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    return NextResponse.json({ appointments: await schedulerWeek(getDb(), await getRequestContext(), range) });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Books a visit: 201 with the appointment; 409 with the next free slots when
 * the time was taken meanwhile; 422 when it is in the past or outside the
 * physician's hours. The patient's visit link goes only to the patient, by mail.
 */
export async function POST(request: Request) {
  try {
    const booking = bookingRequest.parse(await readJsonBody(request));
    const { appointment, notificationsQueued } = await bookAppointment(getDb(), await getRequestContext(), booking);
    return NextResponse.json({ appointment, notificationsQueued }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
