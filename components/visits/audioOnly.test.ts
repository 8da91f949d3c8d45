import { describe, expect, it } from "vitest";
import { audioOnlySuggestion, isPoor, POOR_BEFORE_SUGGESTING_AUDIO_ONLY_MS } from "./audioOnly";

describe("suggesting audio only", () => {
  it("says nothing about a moment's poor reading, and when to look again", () => {
    expect(audioOnlySuggestion({ poor: true, since: 1_000 }, 1_000 + POOR_BEFORE_SUGGESTING_AUDIO_ONLY_MS - 1)).toEqual({
      suggest: false,
      askAgainAt: 1_000 + POOR_BEFORE_SUGGESTING_AUDIO_ONLY_MS,
    });
  });

  it("suggests it once the connection has stayed poor", () => {
    expect(audioOnlySuggestion({ poor: true, since: 1_000 }, 1_000 + POOR_BEFORE_SUGGESTING_AUDIO_ONLY_MS)).toEqual({ suggest: true, askAgainAt: null });
  });

  it("withdraws it as soon as the connection is fine", () => {
    expect(audioOnlySuggestion({ poor: false, since: 1_000 }, 60_000)).toEqual({ suggest: false, askAgainAt: null });
  });

  it("counts a lost connection as poor, and an unknown one as fine", () => {
    expect(isPoor("lost")).toBe(true);
    expect(isPoor("poor")).toBe(true);
    expect(["excellent", "good", "unknown"].map(isPoor)).toEqual([false, false, false]);
  });
});
