import { NextResponse } from "next/server";
import { getApiRequestContext } from "@/lib/auth/request-context";
import { getCheckInForm } from "@/lib/checkin/check-in";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";

/** The patient's check-in for the visit (session or `Authorization: VisitLink`): the steps done, and what the next one needs. */
export async function GET(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const form = await getCheckInForm(getDb(), await getApiRequestContext(request), appointmentId);
    return NextResponse.json(form, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
