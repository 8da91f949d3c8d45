import type { NextRequest } from "next/server";
import { auditEventsCsv, auditFiltersInput } from "@/lib/audit/search";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";

/** The audit trail as CSV, with the same filters (query parameters) as the viewer at /admin/audit. */
export async function GET(request: NextRequest) {
  const filters = auditFiltersInput.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!filters.success) {
    return plainText(400, filters.error.issues.map((issue) => issue.message).join("\n"));
  }
  try {
    const exported = await auditEventsCsv(getDb(), await getRequestContext(), filters.data);
    return new Response(exported.body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
        "X-Audit-Export-Rows": String(exported.rowCount),
        "X-Audit-Export-Truncated": String(exported.truncated),
      },
    });
  } catch (error) {
    const refusal = asAppError(error);
    if (refusal) return plainText(refusal.status, refusal.message);
    throw error;
  }
}

function plainText(status: number, text: string): Response {
  return new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
