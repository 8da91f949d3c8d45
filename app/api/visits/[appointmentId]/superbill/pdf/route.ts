import { getApiRequestContext } from "@/lib/auth/request-context";
import { getSuperbill } from "@/lib/billing/billing";
import { superbillDocument } from "@/lib/billing/superbill-document";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { renderTextDocument } from "@/lib/pdf/text-document";

/** The signed visit's superbill as a PDF download: its physician and administrators (audited as billing.read). */
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const bill = await getSuperbill(getDb(), await getApiRequestContext(request), { appointmentId });
    const pdf = await renderTextDocument(superbillDocument(bill));
    return new Response(pdf.buffer as ArrayBuffer, {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="superbill-${bill.dateOfService}-${bill.patient.mrn.replace(/[^A-Za-z0-9-]/g, "")}.pdf"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
