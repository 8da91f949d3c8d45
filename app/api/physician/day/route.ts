import { NextResponse, type NextRequest } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";
import { physicianDay, physicianDayQuery } from "@/lib/scheduling/calendar";

/**
 * The signed-in physician's visits on a date with where each patient is now,
 * which their day's page polls. Each answer is read from the database (no
 * state in this process), so any app instance gives the same one.
 */
export async function GET(request: NextRequest) {
  try {
    const { date } = physicianDayQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    const day = await physicianDay(getDb(), await getRequestContext(), { date });
    return NextResponse.json({ day }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
