import { describe, expect, it } from "vitest";
import { liveKitConfig, LiveKitNotConfiguredError, toApiUrl } from "./livekit";

describe("LiveKit configuration", () => {
  it("reads the URL and key pair, with the HTTP URL the server SDK needs", () => {
    expect(liveKitConfig({ LIVEKIT_URL: "ws://127.0.0.1:7880", LIVEKIT_API_KEY: "devkey", LIVEKIT_API_SECRET: "secret" })).toEqual({
      serverUrl: "ws://127.0.0.1:7880",
      apiUrl: "http://127.0.0.1:7880",
      apiKey: "devkey",
      apiSecret: "secret",
    });
    expect(toApiUrl("wss://video.example.org")).toBe("https://video.example.org");
    expect(toApiUrl("https://video.example.org/")).toBe("https://video.example.org");
  });

  it("names every missing setting", () => {
    expect(() => liveKitConfig({ LIVEKIT_URL: "ws://127.0.0.1:7880" })).toThrow(LiveKitNotConfiguredError);
    expect(() => liveKitConfig({ LIVEKIT_URL: "ws://127.0.0.1:7880" })).toThrow(/LIVEKIT_API_KEY, LIVEKIT_API_SECRET/);
    expect(() => liveKitConfig({})).toThrow(/LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET/);
  });

  it("refuses a URL LiveKit cannot be reached at", () => {
    expect(() => toApiUrl("ftp://video.example.org")).toThrow(LiveKitNotConfiguredError);
  });
});
