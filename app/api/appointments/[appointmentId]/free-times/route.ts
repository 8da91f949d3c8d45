import { NextResponse, type NextRequest } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { findFreeTimesToMove, moveTimesQuery } from "@/lib/scheduling/booking";

/**
 * The free times a booked visit can move to, in the shape of GET /api/slots:
 * its physician's, for the type it was booked as, even one no longer offered.
 * 403/404 as a move would be; 409 when the visit is no longer booked.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const { from, to } = moveTimesQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    const physicians = await findFreeTimesToMove(getDb(), await getRequestContext(), { appointmentId, from, to });
    return NextResponse.json({ physicians });
  } catch (error) {
    return errorResponse(error);
  }
}
