import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { addOverride, overrideRequest } from "@/lib/scheduling/availability";

/** Adds a date override: a day off, or that date's own hours. */
export async function POST(request: Request, { params }: { params: Promise<{ physicianId: string }> }) {
  try {
    const physicianId = recordId.parse((await params).physicianId);
    const input = overrideRequest.parse(await readJsonBody(request));
    const override = await addOverride(getDb(), await getRequestContext(), physicianId, input);
    return NextResponse.json({ override }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
