import { describe, expect, it } from "vitest";
import { ExpiringCache } from "./expiring-cache";

describe("ExpiringCache", () => {
  it("answers with a value until its expiry time, then forgets it", () => {
    const cache = new ExpiringCache<string>(10);
    cache.set("cookie-a", "session-a", 2_000);

    expect(cache.get("cookie-a", 1_999)).toBe("session-a");
    expect(cache.get("cookie-a", 2_000)).toBeUndefined();
    expect(cache.get("cookie-a", 1_000)).toBeUndefined();
  });

  it("drops the oldest written entry when full, and counts a rewrite as new", () => {
    const cache = new ExpiringCache<number>(2);
    cache.set("a", 1, 10_000);
    cache.set("b", 2, 10_000);
    cache.set("a", 3, 10_000);
    cache.set("c", 4, 10_000);

    expect(cache.get("b", 0)).toBeUndefined();
    expect(cache.get("a", 0)).toBe(3);
    expect(cache.get("c", 0)).toBe(4);
  });
});
