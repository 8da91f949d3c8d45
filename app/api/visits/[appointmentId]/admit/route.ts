import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { admitToVisit } from "@/lib/visits/admission";
import { admitInput } from "@/lib/visits/inputs";

/** The physician lets a waiting patient or guest in; 404 when that identity is not in the room, 409/403 when licensure stops it. */
export async function POST(request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    const { identity, licensureReason } = admitInput.parse(await readJsonBody(request));
    return NextResponse.json(await admitToVisit(getDb(), await getRequestContext(), appointmentId, identity, { licensureReason }));
  } catch (error) {
    return errorResponse(error);
  }
}
