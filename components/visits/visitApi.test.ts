import { afterEach, describe, expect, it, vi } from "vitest";
import { refusalCode } from "@/lib/client/api";
import { callVisitApi } from "./visitApi";

function stubFetch(status: number, body: unknown) {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

function headersOf(fetchMock: ReturnType<typeof stubFetch>): Record<string, string> {
  const init = fetchMock.mock.calls[0]?.at(1) as RequestInit | undefined;
  return (init?.headers ?? {}) as Record<string, string>;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("calling the visit APIs", () => {
  it("sends a patient's visit link and a guest's link in the Authorization header, and nothing for a session", async () => {
    let fetchMock = stubFetch(200, {});
    await callVisitApi("/api/visits/a/token", { method: "POST", credentials: { kind: "visitLink", token: "abc" } });
    expect(headersOf(fetchMock).Authorization).toBe("VisitLink abc");

    fetchMock = stubFetch(200, {});
    await callVisitApi("/api/visits/a/token", { method: "POST", credentials: { kind: "visitGuest", token: "xyz" } });
    expect(headersOf(fetchMock).Authorization).toBe("VisitGuest xyz");

    fetchMock = stubFetch(200, {});
    await callVisitApi("/api/visits/a/token", { method: "POST" });
    expect(headersOf(fetchMock).Authorization).toBeUndefined();
  });

  it("marks a background poll, which the server does not count as the person's activity, and nothing else", async () => {
    let fetchMock = stubFetch(200, { waiting: [] });
    await callVisitApi("/api/physician/waiting", { backgroundPoll: true });
    expect(headersOf(fetchMock)["X-Background-Poll"]).toBe("1");

    fetchMock = stubFetch(200, {});
    await callVisitApi("/api/visits/a/admit", { method: "POST" });
    expect(headersOf(fetchMock)["X-Background-Poll"]).toBeUndefined();
  });

  it("returns a refusal with the server's message and code", async () => {
    stubFetch(409, { error: "This visit has ended.", code: "ENDED" });
    const result = await callVisitApi("/api/visits/a/token", { method: "POST" });
    expect(result).toMatchObject({ ok: false, status: 409, error: "This visit has ended." });
    expect(refusalCode(result)).toBe("ENDED");
  });

  it("turns a network failure into a message, not an exception", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const result = await callVisitApi("/api/physician/waiting");
    expect(result).toMatchObject({ ok: false, status: 0 });
    expect(refusalCode(result)).toBeNull();
  });
});
