import { NextResponse, type NextRequest } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";
import { calendarGrid, calendarGridQuery } from "@/lib/scheduling/calendar-grid";

/** The scheduler's time grid: each physician's hours, free times and visits with their status in [from, to). */
export async function GET(request: NextRequest) {
  try {
    const query = calendarGridQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    return NextResponse.json(await calendarGrid(getDb(), await getRequestContext(), query));
  } catch (error) {
    return errorResponse(error);
  }
}
