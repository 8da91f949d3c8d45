import type { NextRequest } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";
import { weekAppointmentsCsv, weekExportQuery } from "@/lib/scheduling/front-desk-sheets";

/** The scheduler's week (?week=YYYY-MM-DD&timeZone=…&physicianId=…) as CSV, times in that zone: schedulers. */
export async function GET(request: NextRequest) {
  try {
    const query = weekExportQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    const exported = await weekAppointmentsCsv(getDb(), await getRequestContext(), query);
    return new Response(exported.csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${exported.fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
