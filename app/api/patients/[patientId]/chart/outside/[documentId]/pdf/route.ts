import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { outsideNotePdf } from "@/lib/chart/outside-records";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";

type Params = { params: Promise<{ patientId: string; documentId: string }> };

/** An outside note's PDF, as a download (never shown inline: it came from elsewhere). */
export async function GET(request: Request, { params }: Params) {
  try {
    const { patientId, documentId } = await params;
    const context = await getApiRequestContext(request);
    const { bytes, title } = await outsideNotePdf(getDb(), context, { patientId, documentId });
    const name = `${title.replace(/[^A-Za-z0-9 ._()-]/g, "").trim() || "outside-note"}.pdf`;
    return new NextResponse(new Uint8Array(bytes), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
