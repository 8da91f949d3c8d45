import { getDb } from "@/lib/db/client";
import { signOutThisBrowser } from "@/lib/auth/sessions/sign-out";
import { errorResponse, readJsonBody } from "@/lib/http/route-errors";

/**
 * Signs this browser out ({ reason?: "signed-out" | "idle" }) or every device
 * of its user ({ everywhere: true }): 204, with Clear-Site-Data and the
 * session cookie deleted. The browser sends unsent note text first
 * (components/signOut.ts).
 */
export async function POST(request: Request) {
  try {
    const headers = await signOutThisBrowser(getDb(), await readJsonBody(request));
    return new Response(null, { status: 204, headers });
  } catch (error) {
    return errorResponse(error);
  }
}
