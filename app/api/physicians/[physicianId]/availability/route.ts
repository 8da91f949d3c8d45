import { NextResponse } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";
import { getAvailability, replaceWeeklyWindows, weeklyHoursRequest } from "@/lib/scheduling/availability";

type Params = { params: Promise<{ physicianId: string }> };

/** The physician's weekly windows and their date overrides from today on, in their own zone. */
export async function GET(_request: Request, { params }: Params) {
  try {
    const physicianId = recordId.parse((await params).physicianId);
    return NextResponse.json(await getAvailability(getDb(), await getRequestContext(), physicianId));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Replaces the whole week's windows; overrides change under ./overrides. */
export async function PUT(request: Request, { params }: Params) {
  try {
    const physicianId = recordId.parse((await params).physicianId);
    const { windows } = weeklyHoursRequest.parse(await readJsonBody(request));
    return NextResponse.json({ windows: await replaceWeeklyWindows(getDb(), await getRequestContext(), physicianId, windows) });
  } catch (error) {
    return errorResponse(error);
  }
}
