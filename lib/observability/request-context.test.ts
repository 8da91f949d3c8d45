import { describe, expect, it } from "vitest";
import { acceptedRequestId, currentRequestId, runWithRequestContext } from "./request-context";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("acceptedRequestId", () => {
  it("keeps a proxy's plain token", () => {
    expect(acceptedRequestId("7F000001:C4A8_0A000002:01BB_6757F1C2_0001")).toBe("7F000001:C4A8_0A000002:01BB_6757F1C2_0001");
    expect(acceptedRequestId("3e1c2b9a5d7f4e6b8c0a1d2e3f4a5b6c")).toBe("3e1c2b9a5d7f4e6b8c0a1d2e3f4a5b6c");
    expect(acceptedRequestId("a".repeat(128))).toBe("a".repeat(128));
  });

  it("replaces anything else with a new UUID", () => {
    for (const hostile of [
      undefined,
      null,
      "",
      "short",
      "a".repeat(129),
      "id with spaces",
      "line\nbreak-injected",
      '{"json":"object"}',
      "Alex Morgan's visit",
      ["two", "headers"],
    ]) {
      expect(acceptedRequestId(hostile), String(hostile)).toMatch(UUID);
    }
  });

  it("gives each request without one its own", () => {
    expect(acceptedRequestId(undefined)).not.toBe(acceptedRequestId(undefined));
  });
});

describe("the request context", () => {
  it("is the request's inside its handling, through awaits, and absent outside", async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await runWithRequestContext({ requestId: "request-0001" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentRequestId();
    });
    expect(seen).toBe("request-0001");
    expect(currentRequestId()).toBeUndefined();
  });
});
