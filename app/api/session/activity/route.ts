import { requireOwnAccount } from "@/lib/auth/accounts/account";
import { getRequestContext } from "@/lib/auth/request-context";
import { getDb } from "@/lib/db/client";
import { asAppError } from "@/lib/http/route-errors";

// The idle-session guard's heartbeat while a staff member works on one page.
// Resolving the session (in getRequestContext) is what records the activity;
// a 401 tells the guard the session has already ended.
export async function POST() {
  try {
    await requireOwnAccount(getDb(), await getRequestContext(), "auth.session.activity");
  } catch (error) {
    const refusal = asAppError(error);
    if (refusal) return new Response(null, { status: refusal.status });
    throw error;
  }
  return new Response(null, { status: 204 });
}
