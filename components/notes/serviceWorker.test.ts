import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OFFLINE_CACHE_PREFIX } from "./offlinePages";

// public/sw.js run in a sandbox with an in-memory Cache Storage and a fake
// network, to pin down exactly what it keeps and serves.

const ORIGIN = "https://clinic.example";
const SOURCE = readFileSync(path.join(import.meta.dirname, "../../public/sw.js"), "utf8");

type Listener = (event: unknown) => void;

class MemoryCache {
  readonly entries = new Map<string, Response>();
  async match(request: string | { url: string }) {
    const response = this.entries.get(urlOf(request));
    return response?.clone();
  }
  async put(request: string | { url: string }, response: Response) {
    const url = urlOf(request);
    this.entries.delete(url);
    this.entries.set(url, response);
  }
  async delete(request: string | { url: string }) {
    return this.entries.delete(urlOf(request));
  }
  async keys() {
    return [...this.entries.keys()].map((url) => ({ url }));
  }
}

function urlOf(request: string | { url: string }): string {
  return new URL(typeof request === "string" ? request : request.url, ORIGIN).href;
}

function html(body: string, init: ResponseInit = {}) {
  return withType(new Response(body, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8" }, ...init }));
}

/** Responses from the fake network are same-origin ("basic"), as the browser's would be. */
function withType(response: Response, type: ResponseType = "basic", redirected = false): Response {
  Object.defineProperty(response, "type", { value: type, configurable: true });
  Object.defineProperty(response, "redirected", { value: redirected, configurable: true });
  return response;
}

function startWorker(scriptUrl = `${ORIGIN}/sw.js`) {
  const listeners = new Map<string, Listener>();
  const cacheStorage = new Map<string, MemoryCache>();
  const network = vi.fn<(request: string | { url: string }, init?: RequestInit) => Promise<Response>>();
  const claim = vi.fn(async () => undefined);
  const self = {
    location: new URL(scriptUrl),
    addEventListener: (type: string, listener: Listener) => listeners.set(type, listener),
    skipWaiting: vi.fn(),
    clients: { claim },
  };
  const caches = {
    async open(name: string) {
      if (!cacheStorage.has(name)) cacheStorage.set(name, new MemoryCache());
      return cacheStorage.get(name)!;
    },
    async keys() {
      return [...cacheStorage.keys()];
    },
    async delete(name: string) {
      return cacheStorage.delete(name);
    },
  };
  vm.runInNewContext(SOURCE, { self, caches, fetch: network, URL, Response, Headers, Date, Number, Array, Promise, String, Math, console });

  /** Dispatches a fetch event; `response` is undefined when the worker let the request through. */
  async function request(url: string, init: { method?: string; mode?: string } = {}) {
    const waits: Promise<unknown>[] = [];
    let responded: Promise<Response> | undefined;
    listeners.get("fetch")!({
      request: { url: new URL(url, ORIGIN).href, method: init.method ?? "GET", mode: init.mode ?? "cors" },
      respondWith: (promise: Promise<Response>) => (responded = promise),
      waitUntil: (promise: Promise<unknown>) => waits.push(promise),
    });
    const response = responded ? await responded : undefined;
    await Promise.all(waits);
    return response;
  }

  async function message(data: unknown) {
    const waits: Promise<unknown>[] = [];
    listeners.get("message")!({ data, waitUntil: (promise: Promise<unknown>) => waits.push(promise) });
    await Promise.all(waits);
  }

  async function activate() {
    const waits: Promise<unknown>[] = [];
    listeners.get("activate")!({ waitUntil: (promise: Promise<unknown>) => waits.push(promise) });
    await Promise.all(waits);
  }

  const cached = (name: string) => [...(cacheStorage.get(name)?.entries.keys() ?? [])];
  return { request, message, activate, network, claim, cacheStorage, cached };
}

// Named with the prefix the pages use to forget them at sign-out.
const PAGES = `${OFFLINE_CACHE_PREFIX}pages-v1`;
const STATIC = `${OFFLINE_CACHE_PREFIX}static-v1`;
const visit = (id: string) => `${ORIGIN}/physician/visits/${id}`;

afterEach(() => {
  vi.useRealTimers();
});

describe("the service worker leaves alone", () => {
  it("API calls, other pages, other origins, non-GET requests and a visit page fetched as data", async () => {
    const worker = startWorker();
    for (const [url, init] of [
      ["/api/visits/a/note", {}],
      ["/api/visits/a/note", { method: "PUT" }],
      ["/physician", { mode: "navigate" }],
      ["/patient/visits/a", { mode: "navigate" }],
      ["/physician/visits/a", { mode: "navigate", method: "POST" }],
      ["/physician/visits/a?_rsc=1", { mode: "cors" }],
      ["https://video.example/rtc", {}],
      ["/sw.js", {}],
    ] as const) {
      expect(await worker.request(url, init), url).toBeUndefined();
    }
    expect(worker.network).not.toHaveBeenCalled();
  });
});

describe("visit pages: network first", () => {
  it("serves the network's page and keeps it; serves the kept copy when the network fails", async () => {
    const worker = startWorker();
    worker.network.mockResolvedValueOnce(html("<p>visit A</p>"));
    const online = await worker.request("/physician/visits/a?tab=note", { mode: "navigate" });
    expect(await online?.text()).toBe("<p>visit A</p>");
    expect(worker.cached(PAGES)).toEqual([visit("a")]);

    worker.network.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    const offline = await worker.request("/physician/visits/a", { mode: "navigate" });
    expect(await offline?.text()).toBe("<p>visit A</p>");
    expect(offline?.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
  });

  it("fails as the network did when it has no copy, or only one older than a day", async () => {
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
    const worker = startWorker();
    worker.network.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await expect(worker.request("/physician/visits/b", { mode: "navigate" })).rejects.toThrow("Failed to fetch");

    worker.network.mockResolvedValueOnce(html("<p>visit B</p>"));
    await worker.request("/physician/visits/b", { mode: "navigate" });
    vi.setSystemTime(now + 25 * 60 * 60 * 1000);
    worker.network.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await expect(worker.request("/physician/visits/b", { mode: "navigate" })).rejects.toThrow("Failed to fetch");
    expect(worker.cached(PAGES)).toEqual([]);
  });

  it("keeps only successful HTML pages, and forgets a page once it redirects to sign-in or is refused", async () => {
    const worker = startWorker();
    worker.network.mockResolvedValueOnce(html("not found", { status: 404 }));
    await worker.request("/physician/visits/c", { mode: "navigate" });
    worker.network.mockResolvedValueOnce(withType(new Response("{}", { headers: { "Content-Type": "application/json" } })));
    await worker.request("/physician/visits/c", { mode: "navigate" });
    expect(worker.cached(PAGES)).toEqual([]);

    worker.network.mockResolvedValueOnce(html("<p>visit C</p>"));
    await worker.request("/physician/visits/c", { mode: "navigate" });
    expect(worker.cached(PAGES)).toEqual([visit("c")]);
    worker.network.mockResolvedValueOnce(withType(new Response(null, { status: 200 }), "opaqueredirect"));
    await worker.request("/physician/visits/c", { mode: "navigate" });
    expect(worker.cached(PAGES)).toEqual([]);

    worker.network.mockResolvedValueOnce(html("<p>visit C</p>"));
    await worker.request("/physician/visits/c", { mode: "navigate" });
    worker.network.mockResolvedValueOnce(html("forbidden", { status: 403 }));
    await worker.request("/physician/visits/c", { mode: "navigate" });
    expect(worker.cached(PAGES)).toEqual([]);
  });

  it("keeps the five most recently loaded visits", async () => {
    const worker = startWorker();
    for (const id of ["1", "2", "3", "4", "5", "6", "2"]) {
      worker.network.mockResolvedValueOnce(html(`<p>${id}</p>`));
      await worker.request(`/physician/visits/${id}`, { mode: "navigate" });
    }
    expect(worker.cached(PAGES)).toEqual(["3", "4", "5", "6", "2"].map(visit));
  });
});

describe("static files: cache first", () => {
  it("fetches a file once and serves it from the cache after", async () => {
    const worker = startWorker();
    worker.network.mockResolvedValueOnce(withType(new Response("console.log(1)")));
    expect(await (await worker.request("/_next/static/chunks/app-abc.js"))?.text()).toBe("console.log(1)");
    expect(await (await worker.request("/_next/static/chunks/app-abc.js"))?.text()).toBe("console.log(1)");
    expect(worker.network).toHaveBeenCalledTimes(1);
  });

  it("does not keep failed responses", async () => {
    const worker = startWorker();
    worker.network.mockResolvedValueOnce(withType(new Response("missing", { status: 404 })));
    await worker.request("/_next/static/chunks/gone.js");
    expect(worker.cached(STATIC)).toEqual([]);
  });

  it("in development, asks the network first (files change under the same name) and falls back to the cache", async () => {
    const worker = startWorker(`${ORIGIN}/sw.js?mode=development`);
    worker.network.mockResolvedValueOnce(withType(new Response("v1")));
    await worker.request("/_next/static/chunks/dev.js");
    worker.network.mockResolvedValueOnce(withType(new Response("v2")));
    expect(await (await worker.request("/_next/static/chunks/dev.js"))?.text()).toBe("v2");
    worker.network.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    expect(await (await worker.request("/_next/static/chunks/dev.js"))?.text()).toBe("v2");
  });
});

describe("a page loaded before the worker controlled it", () => {
  it("has its HTML and static files kept on request, and nothing else", async () => {
    const worker = startWorker();
    worker.network.mockImplementation(async (request) => {
      const url = urlOf(request);
      return url.endsWith(".js") || url.endsWith(".css") ? withType(new Response(`file ${url}`)) : html("<p>visit D</p>");
    });
    await worker.message({
      type: "keep-visit-page",
      url: `${visit("d")}#note`,
      assets: [`${ORIGIN}/_next/static/chunks/a.js`, `${ORIGIN}/_next/static/css/b.css`, "https://cdn.example/_next/static/x.js", `${ORIGIN}/api/x`, 7],
    });
    expect(worker.cached(PAGES)).toEqual([visit("d")]);
    expect(worker.cached(STATIC)).toEqual([`${ORIGIN}/_next/static/chunks/a.js`, `${ORIGIN}/_next/static/css/b.css`]);
    expect(worker.network).toHaveBeenCalledWith(visit("d"), expect.objectContaining({ credentials: "same-origin" }));

    // Kept moments ago: not fetched again; files already kept: not fetched again.
    worker.network.mockClear();
    await worker.message({ type: "keep-visit-page", url: visit("d"), assets: [`${ORIGIN}/_next/static/chunks/a.js`] });
    expect(worker.network).not.toHaveBeenCalled();
  });

  it("forgets the kept page when asking for it again finds the physician signed out", async () => {
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
    const worker = startWorker();
    worker.network.mockResolvedValueOnce(html("<p>visit E</p>"));
    await worker.request("/physician/visits/e", { mode: "navigate" });
    vi.setSystemTime(now + 2 * 60 * 1000);
    worker.network.mockResolvedValueOnce(withType(html("<p>Sign in</p>"), "basic", true));
    await worker.message({ type: "keep-visit-page", url: visit("e"), assets: [] });
    expect(worker.cached(PAGES)).toEqual([]);
  });

  it("ignores requests for other pages and other messages", async () => {
    const worker = startWorker();
    await worker.message({ type: "keep-visit-page", url: `${ORIGIN}/patient/visits/a`, assets: [] });
    await worker.message({ type: "keep-visit-page", url: "https://evil.example/physician/visits/a", assets: [] });
    await worker.message({ type: "something-else", url: visit("a") });
    await worker.message(null);
    expect(worker.network).not.toHaveBeenCalled();
  });
});

describe("updating the worker", () => {
  it("deletes its own older caches, leaves other caches alone, and takes over open pages", async () => {
    const worker = startWorker();
    for (const name of ["clinic-offline-pages-v0", "clinic-offline-static-v0", PAGES, "someone-else"]) worker.cacheStorage.set(name, new MemoryCache());
    await worker.activate();
    expect([...worker.cacheStorage.keys()]).toEqual([PAGES, "someone-else"]);
    expect(worker.claim).toHaveBeenCalled();
  });
});
