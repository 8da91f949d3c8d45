// 3. Chart endpoints under load (autocannon), as the treating physician: each
// endpoint at each concurrency for a fixed time, after a short warm-up.
import { HttpClient, runLoad, type LoadResult } from "./http";

export interface EndpointResult {
  name: string;
  path: string;
  available: boolean;
  note: string | null;
  runs: LoadResult[];
}

interface Context {
  baseUrl: string;
  cookie: string;
  patientId: string;
  loincCode: string | null;
  concurrency: number[];
  seconds: number;
  log: (message: string) => void;
}

/** Which of the candidate paths answers 200; otherwise why none does. */
async function findPath(client: HttpClient, candidates: string[]): Promise<{ path: string | null; note: string }> {
  const seen: string[] = [];
  for (const path of candidates) {
    const response = await client.get(path);
    if (response.status === 200) return { path, note: "" };
    const shown = path.replace(/^\/api\/patients\/[^/]+/, "/api/patients/[patientId]");
    seen.push(`GET ${shown} → HTTP ${response.status}${response.status === 404 ? "" : `: ${response.body.slice(0, 160)}`}`);
  }
  const allMissing = seen.every((line) => line.includes("HTTP 404"));
  return { path: null, note: allMissing ? `not available in this build (${seen.join("; ")})` : `failed: ${seen.join("; ")}` };
}

export async function measureChartEndpoints(context: Context): Promise<EndpointResult[]> {
  const base = `/api/patients/${encodeURIComponent(context.patientId)}/chart`;
  const loinc = context.loincCode ? encodeURIComponent(context.loincCode) : null;
  const endpoints: { name: string; candidates: string[] }[] = [
    { name: "summary", candidates: [`${base}/summary`] },
    {
      name: loinc ? `labs trend (LOINC ${context.loincCode}, all years)` : "labs trend",
      candidates: loinc ? [`${base}/labs/trend?loinc=${loinc}`, `${base}/labs/trend?loincCode=${loinc}`] : [],
    },
    { name: "labs (first page)", candidates: [`${base}/labs`] },
    { name: "history (first page)", candidates: [`${base}/history`] },
    // Not a chart endpoint: the floor under every request (Next, the proxy's absence, one pooled query), for comparison.
    { name: "floor: health check (no session, no audit)", candidates: ["/api/health"] },
  ];
  const client = new HttpClient(context.baseUrl, context.cookie);
  const results: EndpointResult[] = [];
  try {
    for (const endpoint of endpoints) {
      if (endpoint.candidates.length === 0) {
        results.push({ name: endpoint.name, path: "", available: false, note: "no analyte with ten years of results was found", runs: [] });
        continue;
      }
      const { path, note } = await findPath(client, endpoint.candidates);
      if (!path) {
        context.log(`  ${endpoint.name}: ${note}`);
        results.push({ name: endpoint.name, path: endpoint.candidates[0]!, available: false, note, runs: [] });
        continue;
      }
      const url = new URL(path, context.baseUrl).toString();
      await runLoad({ url, cookie: context.cookie, connections: 1, durationS: 2 });
      const runs: LoadResult[] = [];
      for (const connections of context.concurrency) {
        const result = await runLoad({ url, cookie: context.cookie, connections, durationS: context.seconds });
        runs.push(result);
        const non200 = Object.entries(result.statuses).filter(([status]) => status !== "200");
        context.log(
          `  ${endpoint.name} @${connections}: p50 ${result.latency?.p50.toFixed(1)} ms, p95 ${result.latency?.p95.toFixed(1)} ms, ` +
            `p99 ${result.latency?.p99.toFixed(1)} ms, ${result.requestsPerSecond.toFixed(0)} req/s` +
            (non200.length > 0 ? ` (non-200: ${non200.map(([s, n]) => `${s}×${n}`).join(", ")})` : ""),
        );
      }
      results.push({ name: endpoint.name, path, available: true, note: null, runs });
    }
  } finally {
    client.close();
  }
  return results;
}
