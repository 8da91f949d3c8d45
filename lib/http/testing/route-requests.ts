import type { RequestContext } from "@/lib/auth/access";

// For integration tests that call route handlers directly, as Next does: a
// Request, the route's params as a promise, and who is asking. The test file
// mocks lib/auth/request-context (the routes' one use of Next's request scope:
// the session cookie and headers) with `askingAs.context`:
//
//   vi.mock("@/lib/auth/request-context", async () => (await import("@/lib/http/testing/route-requests")).requestContextMock);

export const askingAs: { context: RequestContext } = {
  context: { actor: { kind: "anonymous" }, ip: "203.0.113.99", userAgent: "vitest" },
};

export const requestContextMock = {
  getApiRequestContext: async () => askingAs.context,
  getRequestContext: async () => askingAs.context,
};

/** A request to `path`: GET without a body, POST with one unless `method` says otherwise; `json` is sent as JSON, `body` as it is. */
export function routeRequest(
  path: string,
  init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Request {
  const body = init.body ?? (init.json === undefined ? undefined : JSON.stringify(init.json));
  return new Request(new URL(path, "http://localhost"), {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    body,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...init.headers },
  });
}

/** The second argument of a dynamic route's handler. */
export function routeParams<Params>(params: Params): { params: Promise<Params> } {
  return { params: Promise.resolve(params) };
}
