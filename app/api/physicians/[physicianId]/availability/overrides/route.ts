import { NextResponse } from "next/server";
import { z } from "zod";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { addOverride } from "@/lib/scheduling/availability";

// The shape only; lib/scheduling checks the date, the hours and that a day off has none.
const overrideBody = z.strictObject({
  date: z.string().max(10),
  isAvailable: z.boolean(),
  startMinute: z.number().int().nullish(),
  endMinute: z.number().int().nullish(),
  note: z.string().max(200).nullish(),
});

/** Adds a date override: a day off, or that date's own hours. */
export async function POST(request: Request, { params }: { params: Promise<{ physicianId: string }> }) {
  try {
    const physicianId = recordId.parse((await params).physicianId);
    const input = overrideBody.parse(await readJsonBody(request));
    const override = await addOverride(getDb(), await getRequestContext(), physicianId, input);
    return NextResponse.json({ override }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
