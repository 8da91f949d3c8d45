import { NextResponse, type NextRequest } from "next/server";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";
import { findFreeSlots, slotQuery } from "@/lib/scheduling/slot-search";

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
