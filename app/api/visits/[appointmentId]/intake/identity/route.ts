import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { verifyIdentity } from "@/lib/intake/intake";

/** The visit's physician attests that the patient's identity was verified; the first attestation stands. */
export async function POST(_request: Request, { params }: { params: Promise<{ appointmentId: string }> }) {
  try {
    const appointmentId = recordId.parse((await params).appointmentId);
    return NextResponse.json({ identityVerified: await verifyIdentity(getDb(), await getRequestContext(), appointmentId) });
  } catch (error) {
    return errorResponse(error);
  }
}
