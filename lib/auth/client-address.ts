// Not `server-only`: the app server (scripts/support/app-server.ts) imports this
// outside Next's react-server build to stamp every request, and pages read it
// back through client-info.ts.
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";

/**
 * The header the app server sets on every request to the client address it
 * worked out from the socket and TRUSTED_PROXY_HOPS, after deleting any copy the
 * client sent. It is the only place the app reads a client address from.
 */
export const CLIENT_ADDRESS_HEADER = "x-clinic-client-address";

/** More proxies than this in front of one app is a typo, not a deployment. */
const MAX_TRUSTED_PROXY_HOPS = 10;

/** A setting the server cannot start with; the message says how to fix it. */
export class ClientAddressSettingError extends Error {
  override name = "ClientAddressSettingError";
}

/**
 * TRUSTED_PROXY_HOPS: how many reverse proxies stand between the clients and
 * this server, each appending the address it saw to X-Forwarded-For. Unset or
 * empty is 0: the app is reached directly and the header is ignored.
 */
export function trustedProxyHops(setting: string | undefined): number {
  const text = setting?.trim() ?? "";
  if (text === "") return 0;
  const hops = Number(text);
  if (!/^\d+$/.test(text) || hops > MAX_TRUSTED_PROXY_HOPS) {
    throw new ClientAddressSettingError(
      `TRUSTED_PROXY_HOPS must be the number of reverse proxies in front of the app, from 0 to ${MAX_TRUSTED_PROXY_HOPS} ` +
        `(it is "${setting}"): 0 when clients connect directly, 1 behind one proxy that appends to X-Forwarded-For.`,
    );
  }
  return hops;
}

/**
 * The client's address: the socket's peer with no trusted proxy, otherwise the
 * X-Forwarded-For entry `hops` places from the right, which the outermost of
 * our own proxies wrote. Entries further left are whatever the client sent and
 * are never read. With fewer entries than proxies (a request that skipped
 * them) it is the leftmost there is. Null when that entry is not an address.
 */
export function clientAddress(request: IncomingMessage, hops: number): string | null {
  // proxy-addr walks from the socket leftwards through X-Forwarded-For while the
  // hop it stands on is trusted; ours are the first `hops` of them.
  return normalizedAddress(proxyAddr(request, (_address, hop) => hop < hops));
}

/**
 * Sets the client address header on a request as it arrives, from its socket
 * and `hops`, replacing whatever copy the client sent; an unknown address
 * leaves the header absent rather than the client's.
 */
export function stampClientAddress(request: IncomingMessage, hops: number): void {
  delete request.headers[CLIENT_ADDRESS_HEADER];
  const address = clientAddress(request, hops);
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
}

/**
 * One spelling per address, so one client is one throttle key and one audit
 * value: IPv4 in dotted quads (also when it arrives IPv4-mapped, `::ffff:a.b.c.d`),
 * IPv6 in RFC 5952 form. A port or brackets a proxy added are dropped; anything
 * else (a name, "unknown", IPv4 shorthand like 127.1) is not an address: null.
 */
export function normalizedAddress(entry: string | undefined): string | null {
  const bare = withoutPortAndZone(entry?.trim() ?? "");
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare).toString();
  if (!ipaddr.IPv6.isValid(bare)) return null;
  const address = ipaddr.IPv6.parse(bare);
  return address.isIPv4MappedAddress() ? address.toIPv4Address().toString() : address.toRFC5952String();
}

/** Whether a normalized address is this machine's (127.0.0.0/8 or ::1). */
export function isLoopbackAddress(address: string | null): boolean {
  return address !== null && ipaddr.isValid(address) && ipaddr.process(address).range() === "loopback";
}

function withoutPortAndZone(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return stripZone(bracketed[1]!);
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  if (ipv4WithPort) return ipv4WithPort[1]!;
  return stripZone(entry);
}

// A link-local zone (fe80::1%eth0) names an interface of the proxy's host, not the client.
function stripZone(address: string): string {
  const zone = address.indexOf("%");
  return zone === -1 ? address : address.slice(0, zone);
}
