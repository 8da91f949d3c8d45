import { refuseMissing } from "@/lib/auth/access";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { recordId } from "@/lib/http/ids";
import { errorResponse } from "@/lib/http/route-errors";
import { getAvailability, removeOverride } from "@/lib/scheduling/availability";

type Params = { params: Promise<{ physicianId: string; overrideId: string }> };

/** Removes one of the physician's date overrides; that date follows the weekly windows again. */
export async function DELETE(_request: Request, { params }: Params) {
  try {
    const physicianId = recordId.parse((await params).physicianId);
    const overrideId = recordId.parse((await params).overrideId);
    const db = getDb();
    const context = await getRequestContext();
    // removeOverride authorizes against the override's own physician; the
    // address names one too, and must not quietly act on another's.
    const { overrides } = await getAvailability(db, context, physicianId);
    if (!overrides.some((override) => override.id === overrideId)) {
      await refuseMissing(db, context, "availability.write", "physician", overrideId);
    }
    await removeOverride(db, context, overrideId);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
