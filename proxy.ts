import { NextResponse, type NextRequest } from "next/server";
import { servedOverHttps, sessionCookieName } from "@/lib/auth/sessions/cookies";
import { lookUpRequestSession, sessionEndHeaders } from "@/lib/auth/sessions/request-session";
import { getDb } from "@/lib/db/client";
import { errorPageResponse } from "@/lib/http/error-page";
import { refusalOfApiRequest, refusalOfServerAction, refusalOfServerActionBody } from "@/lib/http/request-guards";
import { errorResponse } from "@/lib/http/route-errors";
import { contentSecurityPolicy } from "@/lib/http/security-headers";
import { PATHNAME_HEADER } from "@/lib/i18n/locales";

export async function proxy(request: NextRequest) {
  if (request.nextUrl.pathname.startsWith("/api/")) return apiRequest(request);
  return pageRequest(request);
}

// A state-changing API request must come from our own pages with a JSON body
// (lib/http/request-guards.ts); refused here, no route code runs.
function apiRequest(request: NextRequest) {
  const refusal = refusalOfApiRequest({ method: request.method, pathname: request.nextUrl.pathname, headers: request.headers });
  return refusal ? errorResponse(refusal) : NextResponse.next();
}

// A page's Content-Security-Policy allows only scripts with a nonce that is
// new per request. It is also set on the request's CSP header, which is where
// Next.js reads it to stamp its own scripts. The headers that never change
// come from next.config.ts, for every response.
//
// A page request that comes with a session that has ended is where the
// browser learns of it: the response clears what the browser kept of the
// session (Clear-Site-Data) and deletes the cookie, and the page renders
// without it (sending the visitor to sign in where it needs a session).
//
// A server action from another site, or whose arguments are not in React's
// encoding, is refused before Next decodes it.
async function pageRequest(request: NextRequest) {
  const refusal = refusalOfServerAction({ method: request.method, headers: request.headers }) ?? (await refusalOfServerActionBody(request));
  if (refusal) return errorResponse(refusal);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({
    nonce,
    livekitUrl: process.env.LIVEKIT_URL ?? null,
    production: process.env.NODE_ENV === "production",
  });

  let session: Awaited<ReturnType<typeof lookUpRequestSession>>;
  try {
    session = await lookUpRequestSession(getDb(), request.cookies, request.headers, { countsAsActivity: false });
  } catch (error) {
    // The database restarting: the same 503 with Retry-After as the API's and one log line, no stack; a page
    // to a browser's navigation (or the client router's fetch, which then loads it as one), JSON to a server action.
    return request.method === "GET" || request.method === "HEAD" ? errorPageResponse(error, request) : errorResponse(error);
  }
  const endHeaders = session.kind === "ended" ? sessionEndHeaders(request.cookies, request.headers) : null;
  if (endHeaders) request.cookies.delete(sessionCookieName(servedOverHttps(request.headers)));

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  // The page's language may depend on whose visit link the path holds (lib/i18n/request.ts).
  requestHeaders.set(PATHNAME_HEADER, request.nextUrl.pathname);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(endHeaders ?? {})) response.headers.set(name, value);
  return response;
}

// Pages, and the API requests that can change anything: a browser sends an
// Origin with every POST, PUT, PATCH and DELETE, and a body comes with a
// Content-Type or a length. An API read (a GET without those) skips the proxy:
// every request through it costs time, and a visit page makes many reads.
// The FHIR API answers other systems, which send no Origin and authenticate
// with their own bearer tokens. Static files run no code here. (Next reads this literally at build time.)
export const config = {
  matcher: [
    "/((?!api/|fhir/|\\.well-known/|_next/static/|_next/image|favicon\\.ico).*)",
    { source: "/api/:path*", has: [{ type: "header", key: "origin" }] },
    { source: "/api/:path*", has: [{ type: "header", key: "content-type" }] },
    { source: "/api/:path*", has: [{ type: "header", key: "content-length" }] },
    { source: "/api/:path*", has: [{ type: "header", key: "transfer-encoding" }] },
  ],
};
