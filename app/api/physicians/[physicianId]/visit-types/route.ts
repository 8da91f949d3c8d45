import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { offeredVisitTypesRequest, replaceOfferedVisitTypes } from "@/lib/scheduling/availability";

/** Replaces the visit types the physician offers (schedulers and administrators); 422 for a type that cannot be booked. Says how many booked visits of removed types were kept. */
export async function PUT(request: Request, { params }: { params: Promise<{ physicianId: string }> }) {
  try {
    const physicianId = recordId.parse((await params).physicianId);
    const body = offeredVisitTypesRequest.parse(await readJsonBody(request));
    return NextResponse.json(await replaceOfferedVisitTypes(getDb(), await getRequestContext(), physicianId, body));
  } catch (error) {
    return errorResponse(error);
  }
}
