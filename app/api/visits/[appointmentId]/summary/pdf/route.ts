import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";
import { languageChoiceOf } from "@/lib/i18n/locales";
import { getAfterVisitSummaryPdf } from "@/lib/notes/after-visit-summary-pdf";

// The after-visit summary as a PDF download, for whoever may read the summary
// (by session or `Authorization: VisitLink <token>`, audited as its JSON is),
// in the patient's language. 409 NOTE_NOT_SIGNED until the note is signed.
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const context = await getApiRequestContext(request);
    const { pdf, fileName, locale } = await getAfterVisitSummaryPdf(getDb(), context, { appointmentId: (await params).appointmentId }, languageChoiceOf(request.headers));
    return new Response(pdf.buffer as ArrayBuffer, {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Content-Language": locale,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
