import type { NextRequest } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { billingCsv, billingExportInput } from "@/lib/billing/billing";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";

/** The signed visits of a date range (?from=YYYY-MM-DD&to=YYYY-MM-DD) as CSV for the clinic's billing system: administrators. */
export async function GET(request: NextRequest) {
  try {
    const range = billingExportInput.parse(Object.fromEntries(request.nextUrl.searchParams));
    const exported = await billingCsv(getDb(), await getRequestContext(), range);
    return new Response(exported.csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="billing-${range.from}-to-${range.to}.csv"`,
        "Cache-Control": "no-store",
        "X-Billing-Export-Rows": String(exported.rowCount),
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
