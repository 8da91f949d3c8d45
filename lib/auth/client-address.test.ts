import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  ClientAddressSettingError,
  isLoopbackAddress,
  normalizedAddress,
  stampClientAddress,
  trustedProxyHops,
} from "./client-address";

function request(peer: string | undefined, forwardedFor?: string, headers: Record<string, string> = {}): IncomingMessage {
  const forwarded = forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor };
  return { socket: { remoteAddress: peer }, headers: { ...headers, ...forwarded } } as unknown as IncomingMessage;
}

describe("clientAddress", () => {
  it("with no trusted proxy is the socket's peer, whatever X-Forwarded-For says", () => {
    expect(clientAddress(request("192.0.2.10"), 0)).toBe("192.0.2.10");
    expect(clientAddress(request("192.0.2.10", "198.51.100.7"), 0)).toBe("192.0.2.10");
    expect(clientAddress(request("192.0.2.10", "198.51.100.7, 203.0.113.9"), 0)).toBe("192.0.2.10");
  });

  it("behind one proxy is the entry that proxy appended, not what the client put before it", () => {
    const seenByProxy = ["10.1.1.1, 203.0.113.9", "172.16.0.5, 8.8.8.8, 203.0.113.9", "203.0.113.9"];
    for (const forwardedFor of seenByProxy) expect(clientAddress(request("10.0.0.2", forwardedFor), 1)).toBe("203.0.113.9");
  });

  it("behind two proxies is the second entry from the right", () => {
    expect(clientAddress(request("10.0.0.2", "1.1.1.1, 203.0.113.9, 10.0.0.3"), 2)).toBe("203.0.113.9");
    expect(clientAddress(request("10.0.0.2", "203.0.113.9, 10.0.0.3"), 2)).toBe("203.0.113.9");
  });

  it("with fewer entries than proxies is the leftmost there is (a request that bypassed them)", () => {
    expect(clientAddress(request("10.0.0.2"), 1)).toBe("10.0.0.2");
    expect(clientAddress(request("10.0.0.2", ""), 1)).toBe("10.0.0.2");
    expect(clientAddress(request("10.0.0.2", "203.0.113.9"), 2)).toBe("203.0.113.9");
  });

  it("is unknown when the entry it must use is not an address", () => {
    expect(clientAddress(request("10.0.0.2", "unknown"), 1)).toBeNull();
    expect(clientAddress(request("10.0.0.2", "203.0.113.9, clinic.example"), 1)).toBeNull();
    expect(clientAddress(request("10.0.0.2", "203.0.113.9, <script>"), 1)).toBeNull();
    expect(clientAddress(request(undefined), 0)).toBeNull();
  });

  it("ignores malformed entries it does not have to read", () => {
    expect(clientAddress(request("10.0.0.2", "not an address, 'or this', 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddress(request("10.0.0.2", "x".repeat(10_000) + ", 203.0.113.9"), 1)).toBe("203.0.113.9");
  });

  it("reads IPv6 peers and entries, and IPv4-mapped ones as IPv4", () => {
    expect(clientAddress(request("::1"), 0)).toBe("::1");
    expect(clientAddress(request("::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
    expect(clientAddress(request("::ffff:192.0.2.10"), 0)).toBe("192.0.2.10");
    expect(clientAddress(request("::1", "2001:DB8:0:0:0:0:0:1"), 1)).toBe("2001:db8::1");
    expect(clientAddress(request("::1", "::ffff:203.0.113.9"), 1)).toBe("203.0.113.9");
  });
});

describe("stampClientAddress", () => {
  it("replaces a client's own copy of the header with the address it worked out", () => {
    const arriving = request("192.0.2.10", "198.51.100.7", { [CLIENT_ADDRESS_HEADER]: "203.0.113.1" });
    stampClientAddress(arriving, 0);
    expect(arriving.headers[CLIENT_ADDRESS_HEADER]).toBe("192.0.2.10");
  });

  it("drops a client's copy when the address is unknown, rather than keep it", () => {
    const arriving = request("10.0.0.2", "unknown", { [CLIENT_ADDRESS_HEADER]: "203.0.113.1" });
    stampClientAddress(arriving, 1);
    expect(arriving.headers).not.toHaveProperty(CLIENT_ADDRESS_HEADER);
  });
});

describe("normalizedAddress", () => {
  it("gives each address one spelling", () => {
    expect(normalizedAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(normalizedAddress(" 203.0.113.9 ")).toBe("203.0.113.9");
    expect(normalizedAddress("::FFFF:CB00:7109")).toBe("203.0.113.9");
    expect(normalizedAddress("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
  });

  it("drops a port, brackets and a zone a proxy may have written", () => {
    expect(normalizedAddress("203.0.113.9:51234")).toBe("203.0.113.9");
    expect(normalizedAddress("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizedAddress("[2001:db8::1]")).toBe("2001:db8::1");
    expect(normalizedAddress("fe80::1%eth0")).toBe("fe80::1");
  });

  it("refuses what is not a plain address", () => {
    for (const entry of [undefined, "", "unknown", "clinic.example", "127.1", "0x7f.0.0.1", "1.2.3.256", "203.0.113.9:port", "::g", "[::1"]) {
      expect(normalizedAddress(entry), String(entry)).toBeNull();
    }
  });
});

describe("trustedProxyHops", () => {
  it("is 0 unless set, and the number of proxies when it is", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("")).toBe(0);
    expect(trustedProxyHops("0")).toBe(0);
    expect(trustedProxyHops("1")).toBe(1);
    expect(trustedProxyHops(" 2 ")).toBe(2);
  });

  it("refuses anything but a small whole number", () => {
    for (const setting of ["-1", "1.5", "one", "11", "1e1", "0x1"]) {
      expect(() => trustedProxyHops(setting), setting).toThrow(ClientAddressSettingError);
    }
  });
});

describe("isLoopbackAddress", () => {
  it("is this machine's addresses only", () => {
    expect(isLoopbackAddress("127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("127.20.30.40")).toBe(true);
    expect(isLoopbackAddress("::1")).toBe(true);
    expect(isLoopbackAddress("10.0.0.1")).toBe(false);
    expect(isLoopbackAddress("2001:db8::1")).toBe(false);
    expect(isLoopbackAddress(null)).toBe(false);
  });
});
