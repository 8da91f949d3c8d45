// 5. Note autosave: ten writers, each on a draft note of its own (ten future
// visits of the demo patient with one physician), saving with the version they
// last got back, as the editor's autosave does. Two runs: at the autosave's
// pace (one save per writer per second, starts spread over the first second)
// and back to back (each writer saves again as soon as the last save answers).
import { performance } from "node:perf_hooks";
import { DEMO_PATIENT_EMAIL } from "../../lib/auth/sign-in/demo-credentials";
import type { Database } from "../../lib/db/prisma";
import { ensureVisit } from "../../lib/visits/rooms";
import { bookFutureVisit } from "../../e2e/support/visit-now";
import { sleep } from "./environment";
import { HttpClient, json, type HttpResponse } from "./http";
import { summarize, type Summary } from "./stats";

export interface AutosaveRun {
  mode: "paced" | "back-to-back";
  writers: number;
  saves: number;
  seconds: number;
  latency: Summary | null;
  statuses: Record<string, number>;
}

export interface AutosaveResult {
  available: boolean;
  note: string | null;
  runs: AutosaveRun[];
}

interface Context {
  baseUrl: string;
  cookie: string;
  db: Database;
  physicianEmail: string;
  writers: number;
  seconds: number;
  log: (message: string) => void;
}

function versionIn(response: HttpResponse): number | null {
  const body = json<Record<string, unknown>>(response);
  if (!body) return null;
  for (const candidate of [body.note, body, body.current, body.server, body.saved]) {
    if (candidate && typeof candidate === "object" && typeof (candidate as { version?: unknown }).version === "number") {
      return (candidate as { version: number }).version;
    }
  }
  return null;
}

const isJson = (response: HttpResponse) => response.body.trimStart().startsWith("{");

/** A draft note for the appointment, opened the way the editor does if the API offers it, else created directly. */
async function openDraft(client: HttpClient, db: Database, appointmentId: string, authorId: string): Promise<number | { missing: string }> {
  const path = `/api/visits/${encodeURIComponent(appointmentId)}/note`;
  const opened = await client.request("POST", path, {});
  if (opened.status >= 200 && opened.status < 300 && versionIn(opened) !== null) return versionIn(opened)!;
  const read = await client.get(path);
  if (read.status === 200 && versionIn(read) !== null) return versionIn(read)!;
  if (!isJson(read) && !isJson(opened)) {
    return { missing: `GET and POST /api/visits/[appointmentId]/note → HTTP ${read.status} and ${opened.status}` };
  }
  const visit = await ensureVisit(db, appointmentId);
  const note = await db.consultationNote.upsert({
    where: { visitId: visit.id },
    create: { visitId: visit.id, authorId },
    update: {},
    select: { version: true },
  });
  return note.version;
}

const SUBJECTIVE = [
  "Patient reports fatigue in the afternoons for about three weeks, worse after lunch, no change in sleep (7 hours).",
  "Denies chest pain, palpitations, shortness of breath, fever or weight change. Appetite normal.",
  "Home blood pressure readings 128-136 over 78-84. Taking lisinopril 10 mg daily and metformin 500 mg twice daily as prescribed.",
  "Mild polyuria in the evenings; no nocturia. No numbness or tingling in the feet. Walks 20 minutes most days.",
].join(" ");

async function runWriters(
  client: HttpClient,
  notes: { appointmentId: string; version: number }[],
  mode: AutosaveRun["mode"],
  seconds: number,
): Promise<AutosaveRun> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    notes.map(async (note, writer) => {
      if (mode === "paced") await sleep((1000 * writer) / notes.length);
      let saves = 0;
      while (performance.now() < deadline) {
        const started = performance.now();
        saves += 1;
        const response = await client.request("PUT", `/api/visits/${encodeURIComponent(note.appointmentId)}/note`, {
          expectedVersion: note.version,
          subjective: `${SUBJECTIVE} (autosave ${saves})`,
          plan: `Repeat HbA1c and basic metabolic panel in 3 months. Follow-up visit in 6 weeks. Draft ${saves}.`,
        });
        latencies.push(response.ms);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        const version = versionIn(response);
        if (response.status === 200 && version !== null) note.version = version;
        else if (response.status === 409) note.version = versionIn(await client.get(`/api/visits/${encodeURIComponent(note.appointmentId)}/note`)) ?? note.version;
        if (mode === "paced") await sleep(Math.max(0, 1000 - (performance.now() - started)));
      }
    }),
  );
  return { mode, writers: notes.length, saves: latencies.length, seconds, latency: summarize(latencies), statuses };
}

export async function measureAutosave(context: Context): Promise<AutosaveResult> {
  const client = new HttpClient(context.baseUrl, context.cookie);
  const appointmentIds: string[] = [];
  try {
    const author = await context.db.user.findUniqueOrThrow({ where: { email: context.physicianEmail }, select: { id: true } });
    const notes: { appointmentId: string; version: number }[] = [];
    for (let writer = 0; writer < context.writers; writer++) {
      const visit = await bookFutureVisit(context.db, {
        patientEmail: DEMO_PATIENT_EMAIL,
        physicianEmail: context.physicianEmail,
        reason: "Video visit (benchmark note autosave)",
      });
      appointmentIds.push(visit.appointmentId);
      const draft = await openDraft(client, context.db, visit.appointmentId, author.id);
      if (typeof draft !== "number") {
        const note = `not available in this build (${draft.missing})`;
        context.log(`  note autosave: ${note}`);
        return { available: false, note, runs: [] };
      }
      notes.push({ appointmentId: visit.appointmentId, version: draft });
    }
    const trial = await client.request("PUT", `/api/visits/${encodeURIComponent(notes[0]!.appointmentId)}/note`, {
      expectedVersion: notes[0]!.version,
      subjective: SUBJECTIVE,
    });
    if (trial.status !== 200) {
      const note =
        trial.status === 404 || trial.status === 405
          ? `not available in this build (PUT /api/visits/[appointmentId]/note → HTTP ${trial.status})`
          : `failed: PUT answered HTTP ${trial.status}: ${trial.body.slice(0, 200)}`;
      context.log(`  note autosave: ${note}`);
      return { available: false, note, runs: [] };
    }
    notes[0]!.version = versionIn(trial) ?? notes[0]!.version + 1;
    const runs: AutosaveRun[] = [];
    for (const mode of ["paced", "back-to-back"] as const) {
      const run = await runWriters(client, notes, mode, context.seconds);
      runs.push(run);
      context.log(
        `  note autosave, ${context.writers} writers ${mode}: ${run.saves} saves, p50 ${run.latency?.p50.toFixed(1)} ms, p95 ${run.latency?.p95.toFixed(1)} ms, statuses ${JSON.stringify(run.statuses)}`,
      );
    }
    return { available: true, note: null, runs };
  } finally {
    client.close();
    if (appointmentIds.length > 0) {
      await context.db.appointment.updateMany({
        where: { id: { in: appointmentIds } },
        data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "Benchmark note autosave done" },
      });
    }
  }
}
