import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { endVisit } from "@/lib/visits/admission";

/** The physician ends the visit for everyone: the room closes and the appointment is completed. */
export async function POST(_request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    return NextResponse.json(await endVisit(getDb(), await getRequestContext(), appointmentId));
  } catch (error) {
    return errorResponse(error);
  }
}
