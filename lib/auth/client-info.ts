import "server-only";

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

// Next.js does not expose the socket address, so the client's address comes
// from the reverse proxy in front of the app (which must overwrite, not append
// to, a client-supplied X-Forwarded-For).
export function clientInfoFrom(headers: Headers): ClientInfo {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || null;
  return { ip: ip ? ip.slice(0, 64) : null, userAgent: headers.get("user-agent")?.slice(0, 500) ?? null };
}
