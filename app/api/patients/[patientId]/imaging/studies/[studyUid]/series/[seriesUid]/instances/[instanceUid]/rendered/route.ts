import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { queryOf } from "@/lib/http/clinical-routes";
import { errorResponse } from "@/lib/http/route-errors";
import { imagingFrame } from "@/lib/imaging/studies";

type Params = { params: Promise<{ patientId: string; studyUid: string; seriesUid: string; instanceUid: string }> };

// One image of a study as PNG (WADO-RS rendered by the archive), ?preset=lung|softTissue|bone for a CT window.
export async function GET(request: Request, { params }: Params) {
  try {
    const context = await getApiRequestContext(request);
    const png = await imagingFrame(getDb(), context, { ...(await params), ...queryOf(request, ["preset"]) });
    return new NextResponse(new Uint8Array(png), {
      headers: { "Content-Type": "image/png", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
