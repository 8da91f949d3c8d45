import { describe, expect, it } from "vitest";
import { isOfflineVisitPage, serviceWorkerUrl, staticAssetUrls } from "./offlinePages";

describe("the pages kept for offline reloads", () => {
  it("is a physician's visit page and nothing else", () => {
    expect(isOfflineVisitPage("/physician/visits/appt_123")).toBe(true);
    expect(isOfflineVisitPage("/physician/visits/appt_123/")).toBe(true);
    expect(isOfflineVisitPage("/physician/visits")).toBe(false);
    expect(isOfflineVisitPage("/physician/visits/a/b")).toBe(false);
    expect(isOfflineVisitPage("/physician")).toBe(false);
    expect(isOfflineVisitPage("/patient/visits/appt_123")).toBe(false);
  });

  it("asks for the build's static files of this origin only, once each", () => {
    const origin = "https://clinic.example";
    expect(
      staticAssetUrls(
        [
          "https://clinic.example/_next/static/chunks/app.js",
          "/_next/static/chunks/app.js",
          "/_next/static/css/app.css",
          "https://cdn.example/_next/static/chunks/x.js",
          "/api/visits/a/note",
          "/physician/visits/a",
          "http://[bad",
        ],
        origin,
      ),
    ).toEqual(["https://clinic.example/_next/static/chunks/app.js", "https://clinic.example/_next/static/css/app.css"]);
  });

  it("tells the worker when static files change under the same name (development)", () => {
    expect(serviceWorkerUrl(false)).toBe("/sw.js");
    expect(serviceWorkerUrl(true)).toBe("/sw.js?mode=development");
  });
});
