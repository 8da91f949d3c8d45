import { NextResponse, type NextRequest } from "next/server";
import { securityHeaders } from "@/lib/auth/security-headers";

// Every response carries the security headers. The nonce is new per request and
// also set on the request's CSP header, which is where Next.js reads it to
// stamp its own scripts.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const headers = securityHeaders({
    nonce,
    livekitUrl: process.env.LIVEKIT_URL ?? null,
    production: process.env.NODE_ENV === "production",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]!);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
