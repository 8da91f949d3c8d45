import { describe, expect, it } from "vitest";
import { needsThePerson, problemOf, publishRetryDelay } from "./mediaProblems";

const named = (name: string) => Object.assign(new Error(name), { name });

describe("a camera or microphone that did not start", () => {
  it("names the browser's refusals", () => {
    expect(problemOf(named("NotAllowedError"))).toBe("denied");
    expect(problemOf(named("NotReadableError"))).toBe("in-use");
    expect(problemOf(named("OverconstrainedError"))).toBe("not-found");
    expect(problemOf("nonsense")).toBe("other");
  });

  it("leaves a refused, busy or missing device to the person and tries anything else again", () => {
    for (const name of ["NotAllowedError", "NotReadableError", "NotFoundError"]) expect(needsThePerson(named(name))).toBe(true);
    // What livekit-client throws when the server did not confirm a publication in time, or refused it.
    expect(needsThePerson(named("ConnectionError"))).toBe(false);
    expect(needsThePerson(named("PublishTrackError"))).toBe(false);
  });

  it("waits longer after each failure, then every 15 seconds for as long as the call lasts", () => {
    expect([1, 2, 3, 4, 5, 50].map(publishRetryDelay)).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
  });
});
