// Plain HTTP/1.1 with keep-alive for the closed-loop measurements (slot search,
// note autosave) and for probing routes, and autocannon for the load runs;
// both record every request's latency so percentiles are exact.
import http from "node:http";
import { performance } from "node:perf_hooks";
import autocannon, { type AutocannonRequest } from "autocannon";
import { summarize, type Summary } from "./stats";

export interface HttpResponse {
  status: number;
  body: string;
  ms: number;
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  request(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { cookie: this.cookie, accept: "application/json", origin: this.baseUrl };
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(url, { method, headers, agent: this.agent, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on("error", reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  get(path: string): Promise<HttpResponse> {
    return this.request("GET", path);
  }

  close(): void {
    this.agent.destroy();
  }
}

export function json<T>(response: HttpResponse): T | null {
  try {
    return JSON.parse(response.body) as T;
  } catch {
    return null;
  }
}

export interface LoadResult {
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  /** Exact percentiles over every response's latency, all status codes included. */
  latency: Summary | null;
  /** autocannon's own histogram figures, for reference (it reports p97.5, not p95). */
  autocannon: { p50: number; p97_5: number; p99: number };
  statuses: Record<string, number>;
  /** Latency percentiles of the responses with each status code. */
  latencyByStatus: Record<string, Summary | null>;
  errors: number;
  timeouts: number;
}

export interface LoadOptions {
  url: string;
  cookie: string;
  connections: number;
  durationS?: number;
  amount?: number;
  method?: string;
  requests?: AutocannonRequest[];
}

/** One autocannon run; every response's latency is recorded from its 'response' event. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const byStatus: Record<string, number[]> = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationS ?? 10 }),
        timeout: 30,
        method: options.method ?? "GET",
        headers: { cookie: options.cookie, accept: "application/json", origin: new URL(options.url).origin },
        ...(options.requests ? { requests: options.requests } : {}),
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const requests = latencies.length;
        resolve({
          connections: options.connections,
          durationS: result.duration,
          requests,
          requestsPerSecond: result.duration > 0 ? requests / result.duration : 0,
          latency: summarize(latencies),
          autocannon: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 },
          statuses,
          latencyByStatus: Object.fromEntries(Object.entries(byStatus).map(([status, values]) => [status, summarize(values)])),
          errors: result.errors,
          timeouts: result.timeouts,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      (byStatus[statusCode] ??= []).push(responseTime);
    });
  });
}

/**
 * One endpoint under load: a 2 s warm-up, then a run at each number of
 * connections, each logged as `<label> @<connections>: p50 …`.
 */
export async function loadAtEachConcurrency(options: {
  url: string;
  cookie: string;
  concurrency: number[];
  seconds: number;
  label: string;
  log: (message: string) => void;
}): Promise<LoadResult[]> {
  await runLoad({ url: options.url, cookie: options.cookie, connections: 1, durationS: 2 });
  const runs: LoadResult[] = [];
  for (const connections of options.concurrency) {
    const result = await runLoad({ url: options.url, cookie: options.cookie, connections, durationS: options.seconds });
    runs.push(result);
    const non200 = Object.entries(result.statuses).filter(([status]) => status !== "200");
    options.log(
      `  ${options.label} @${connections}: p50 ${result.latency?.p50.toFixed(1)} ms, p95 ${result.latency?.p95.toFixed(1)} ms, ` +
        `p99 ${result.latency?.p99.toFixed(1)} ms, ${result.requestsPerSecond.toFixed(0)} req/s` +
        (non200.length > 0 ? ` (non-200: ${non200.map(([s, n]) => `${s}×${n}`).join(", ")})` : ""),
    );
  }
  return runs;
}
