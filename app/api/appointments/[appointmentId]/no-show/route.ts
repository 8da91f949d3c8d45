import { NextResponse } from "next/server";
import { z } from "zod";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { markNoShow } from "@/lib/scheduling/booking";

/** No fields: an empty body or {} (anything else is refused, not ignored). */
const noShowBody = z.strictObject({});

/** Records that the patient did not come, once the visit was due to start; clinic staff only. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    noShowBody.parse(await readJsonBody(request));
    return NextResponse.json({ appointment: await markNoShow(getDb(), await getRequestContext(), { appointmentId }) });
  } catch (error) {
    return errorResponse(error);
  }
}
