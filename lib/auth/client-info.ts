import "server-only";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

// Next.js does not expose the socket, so the app server (scripts/support/app-server.ts)
// works the address out from it and TRUSTED_PROXY_HOPS and passes it on in a
// header of its own, replacing any copy the client sent. X-Forwarded-For is
// never read here: its left part is whatever the client wrote.
export function clientInfoFrom(headers: Headers): ClientInfo {
  return {
    ip: headers.get(CLIENT_ADDRESS_HEADER) || null,
    userAgent: headers.get("user-agent")?.slice(0, 500) ?? null,
  };
}
