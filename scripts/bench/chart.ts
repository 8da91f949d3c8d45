// 3. Chart endpoints under load (autocannon), as the treating physician: each
// endpoint at each concurrency for a fixed time, after a short warm-up.
import { DEMO_PATIENT_EMAIL } from "../../lib/auth/sign-in/demo-credentials";
import type { Actor } from "../../lib/auth/policy";
import type { Database } from "../../lib/db/prisma";
import { bookFutureVisit } from "../../e2e/support/visit-now";
import { HttpClient, loadAtEachConcurrency, type LoadResult } from "./http";

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

/**
 * Whose chart is read, by whom: the demo patient, the analyte with the longest
 * history, and a future visit with the physician (the treating relationship
 * the chart APIs check), cancelled again by `release`.
 */
export async function chartSubjects(db: Database, physicianEmail: string) {
  const patient = await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { id: true, givenName: true, familyName: true } });
  const [analyte] = await db.$queryRaw<{ loincCode: string; analyte: string; n: number; years: number }[]>`
    SELECT "loincCode", min(analyte) AS analyte, count(*)::int AS n,
           (extract(epoch FROM max("effectiveAt") - min("effectiveAt")) / 31557600)::float AS years
    FROM "LabResult" WHERE "patientId" = ${patient.id}
    GROUP BY "loincCode" ORDER BY years DESC, n DESC LIMIT 1`;
  const physician = await db.user.findUniqueOrThrow({ where: { email: physicianEmail }, select: { id: true, name: true, role: true, physician: { select: { id: true } } } });
  const physicianActor: Actor = {
    kind: "user",
    userId: physician.id,
    role: physician.role,
    name: physician.name,
    patientId: null,
    physicianId: physician.physician?.id ?? null,
    mfaSatisfied: true,
  };
  const visit = await bookFutureVisit(db, { patientEmail: DEMO_PATIENT_EMAIL, physicianEmail, reason: "Video visit (benchmark chart)" });
  const release = () =>
    db.appointment.updateMany({ where: { id: visit.appointmentId }, data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "Benchmark done" } }).then(() => {});
  return { patient, analyte: analyte ?? null, physicianActor, visit, release };
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
      const runs = await loadAtEachConcurrency({
        url,
        cookie: context.cookie,
        concurrency: context.concurrency,
        seconds: context.seconds,
        label: endpoint.name,
        log: context.log,
      });
      results.push({ name: endpoint.name, path, available: true, note: null, runs });
    }
  } finally {
    client.close();
  }
  return results;
}
