import { requireOwnAccount } from "@/lib/auth/accounts/account";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http/route-errors";

// The idle-session guard's heartbeat while a staff member works on one page.
// Resolving the session (in getRequestContext) is what records the activity;
// a 401 tells the guard the session has already ended (and, when it has
// lapsed, clears the browser: it is often the request that finds out).
export async function POST() {
  try {
    await requireOwnAccount(getDb(), await getRequestContext(), "auth.session.activity");
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
