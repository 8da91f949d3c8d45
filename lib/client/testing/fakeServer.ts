import { vi } from "vitest";
import type { AppError } from "@/lib/http/app-error";

// The network as the browser's one fetch wrapper (lib/client/api.ts) meets it,
// for component tests in jsdom. Each test answers the routes its component
// calls: successes typed with the route's own response type, refusals with
// the lib's own AppError (its status and body, as errorResponse sends them),
// so a fake cannot drift from what the server says. Every request is kept
// for the test to read back what the component sent.

export interface SentRequest {
  method: string;
  /** The path with its query, as the component wrote it. */
  path: string;
  /** The JSON body, parsed, or the FormData sent; undefined without one. */
  body: unknown;
  headers: Record<string, string>;
}

export type Route = (request: SentRequest) => Response | Promise<Response>;

export interface FakeServer {
  readonly requests: SentRequest[];
  /** Answers `METHOD path` (with its query) with `route` from now on. */
  answer(method: string, path: string, route: Route): void;
  /** The requests sent to `METHOD path`, oldest first. */
  sent(method: string, path: string): SentRequest[];
}

/** The route's 2xx answer; T is the route's response type. */
export function json<T>(body: T, status = 200): Response {
  return Response.json(body, { status });
}

/** The route's refusal, exactly as lib/http/route-errors.ts errorResponse turns the lib's error into a response. */
export function refusal(error: AppError): Response {
  return Response.json(error.body(), { status: error.status, headers: error.headers() });
}

/** A request the test does not answer yet: `release` answers it, so the test can look at the page meanwhile. */
export function heldAnswer(): { route: Route; release: (response: Response) => void } {
  const { promise, resolve } = Promise.withResolvers<Response>();
  return { route: () => promise, release: resolve };
}

/** Replaces fetch for this test (the components setup restores it afterwards). */
export function fakeServer(): FakeServer {
  const routes = new Map<string, Route>();
  const requests: SentRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const request: SentRequest = {
      method: (init.method ?? "GET").toUpperCase(),
      path: String(input),
      body: typeof init.body === "string" ? (JSON.parse(init.body) as unknown) : init.body instanceof FormData ? init.body : undefined,
      headers: { ...(init.headers as Record<string, string> | undefined) },
    };
    requests.push(request);
    const route = routes.get(`${request.method} ${request.path}`);
    // Unanswered requests say so on the page, where the failing assertion shows it.
    const answer = route ? route(request) : Response.json({ error: `No fake answer for ${request.method} ${request.path}` }, { status: 501 });
    return abortable(Promise.resolve(answer), init.signal);
  };
  vi.stubGlobal("fetch", fetch);
  return {
    requests,
    answer: (method, path, route) => routes.set(`${method.toUpperCase()} ${path}`, route),
    sent: (method, path) => requests.filter((request) => request.method === method.toUpperCase() && request.path === path),
  };
}

/** As fetch does: an aborted request rejects, even while its answer is held. */
function abortable(answer: Promise<Response>, signal: AbortSignal | null | undefined): Promise<Response> {
  if (!signal) return answer;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    answer.then(resolve, reject);
  });
}
