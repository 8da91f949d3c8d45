import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/http/security-headers";

// A page's Content-Security-Policy allows only scripts with a nonce that is
// new per request. It is also set on the request's CSP header, which is where
// Next.js reads it to stamp its own scripts. The headers that never change
// come from next.config.ts, for every response.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({
    nonce,
    livekitUrl: process.env.LIVEKIT_URL ?? null,
    production: process.env.NODE_ENV === "production",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

// Documents only: an API (and the FHIR API) answers JSON under a fixed policy (next.config.ts),
// and static files run no code here. Every request through the proxy costs
// time, and a visit page fetches a few dozen static files.
export const config = {
  matcher: ["/((?!api/|fhir/|\\.well-known/|_next/static/|_next/image|favicon\\.ico).*)"],
};
