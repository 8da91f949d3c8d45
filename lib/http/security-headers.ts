// Response headers. Pure, so the exact policy is unit-tested. Most are the
// same for every response, and next.config.ts sends them with no code per
// request; only a page's Content-Security-Policy carries a fresh nonce, which
// proxy.ts sets for pages alone (APIs and static files skip the proxy).

export interface SecurityHeaderOptions {
  nonce: string;
  /** The LiveKit server the browser connects to, e.g. wss://video.example.org. */
  livekitUrl: string | null;
  production: boolean;
}

/** Both the WebSocket and the HTTP origin of the LiveKit server: the client uses each. */
export function livekitOrigins(livekitUrl: string | null): string[] {
  if (!livekitUrl) return [];
  let url: URL;
  try {
    url = new URL(livekitUrl);
  } catch {
    return [];
  }
  const secure = url.protocol === "wss:" || url.protocol === "https:";
  return [`${secure ? "wss" : "ws"}://${url.host}`, `${secure ? "https" : "http"}://${url.host}`];
}

export function contentSecurityPolicy({ nonce, livekitUrl, production }: SecurityHeaderOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // React's development build evaluates code; production never does.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(production ? [] : ["'unsafe-eval'"])],
    // Inline style attributes (React's style prop) cannot carry a nonce.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "media-src": ["'self'", "blob:", "mediastream:"],
    "connect-src": ["'self'", ...livekitOrigins(livekitUrl)],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  if (production) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/**
 * What every API answer carries: data, never a document to run or frame, and
 * never kept by the browser or a proxy (patient data must not outlive the
 * page on a shared computer).
 */
export const API_RESPONSE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cache-Control": "no-store",
};

/** The headers every response carries, whatever it is: pages, APIs and static files. */
export function everyResponseHeaders({ production }: Pick<SecurityHeaderOptions, "production">): Record<string, string> {
  return {
    // Visit links carry a token in their URL: it must never reach another site.
    // (Not "no-referrer": that makes form posts send `Origin: null`, which Next
    // rightly refuses for server actions.)
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
