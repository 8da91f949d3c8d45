import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { findFreeSlots } from "@/lib/scheduling/slot-search";

const slotQuery = z.strictObject({
  /** Leave out for every physician's free slots. */
  physicianId: recordId.optional(),
  visitTypeId: recordId,
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
});

// Free slots as instants; which zone to show them in is the reader's choice.
export async function GET(request: NextRequest) {
  try {
    const query = slotQuery.parse(Object.fromEntries(request.nextUrl.searchParams));
    const physicians = await findFreeSlots(getDb(), await getRequestContext(), query);
    return NextResponse.json({ physicians });
  } catch (error) {
    return errorResponse(error);
  }
}
