import { describe, expect, it } from "vitest";
import { API_RESPONSE_HEADERS, contentSecurityPolicy, everyResponseHeaders, livekitOrigins } from "./security-headers";

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1)
    .split(" ");

describe("contentSecurityPolicy", () => {
  it("allows scripts only with this request's nonce in production", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123", livekitUrl: null, production: true });
    expect(directive(policy, "script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(directive(policy, "frame-ancestors")).toEqual(["'none'"]);
    expect(directive(policy, "object-src")).toEqual(["'none'"]);
    expect(policy).toContain("upgrade-insecure-requests");
  });

  it("lets the browser reach the configured LiveKit server and nothing else", () => {
    const policy = contentSecurityPolicy({ nonce: "n", livekitUrl: "wss://video.example.org", production: true });
    expect(directive(policy, "connect-src")).toEqual(["'self'", "wss://video.example.org", "https://video.example.org"]);
  });

  it("permits eval only in development, where React needs it", () => {
    const policy = contentSecurityPolicy({ nonce: "n", livekitUrl: null, production: false });
    expect(directive(policy, "script-src")).toContain("'unsafe-eval'");
    expect(policy).not.toContain("upgrade-insecure-requests");
  });
});

describe("livekitOrigins", () => {
  it("maps a ws URL to ws and http origins on the same host and port", () => {
    expect(livekitOrigins("ws://127.0.0.1:7880")).toEqual(["ws://127.0.0.1:7880", "http://127.0.0.1:7880"]);
  });

  it("ignores a malformed URL rather than widening the policy", () => {
    expect(livekitOrigins("not a url")).toEqual([]);
  });
});

describe("everyResponseHeaders", () => {
  it("sends HSTS only in production and a camera/microphone policy for our own origin", () => {
    const production = everyResponseHeaders({ production: true });
    const development = everyResponseHeaders({ production: false });
    expect(production["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(development["Strict-Transport-Security"]).toBeUndefined();
    expect(production["Permissions-Policy"]).toMatch(/camera=\(self\), microphone=\(self\)/);
    expect(production["Referrer-Policy"]).toBe("same-origin");
  });
});

describe("API_RESPONSE_HEADERS", () => {
  it("lets no browser or proxy keep an API answer, and none run or frame it", () => {
    expect(API_RESPONSE_HEADERS["Cache-Control"]).toBe("no-store");
    expect(API_RESPONSE_HEADERS["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
