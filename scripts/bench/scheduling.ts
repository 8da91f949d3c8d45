// 4. Scheduling, as the scheduler: slot search for the three demo physicians
// over 30 days, and 50 clients racing to book the same slots.
import { performance } from "node:perf_hooks";
import type { Database } from "../../lib/db/prisma";
import { HttpClient, json, loadAtEachConcurrency, runLoad, type LoadResult } from "./http";
import { summarize, type Summary } from "./stats";

const DAY_MS = 86_400_000;

export interface SlotSearchResult {
  runs: number;
  /** One search: the three physicians' 30 days requested at once, until the last answer. */
  search: Summary | null;
  /** Each of those requests on its own. */
  request: Summary | null;
  slotsFound: number;
  /** One request for every active physician in the clinic over the same 30 days. */
  allPhysicians: { physicians: number; latency: Summary | null } | null;
  failures: string[];
}

/** GET /api/slots for every active physician (no physicianId) over the next 30 days from the coming hour. */
export function wholeClinicSlotQuery(visitTypeId: string): string {
  const from = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const to = new Date(from.getTime() + 30 * DAY_MS);
  return `/api/slots?${new URLSearchParams({ visitTypeId, from: from.toISOString(), to: to.toISOString() })}`;
}

export interface WholeClinicSlotSearch {
  /** What one answer carries. */
  physicians: number;
  slots: number;
  bytes: number;
  /** One load run per concurrency; empty when the search did not answer 200 (see note). */
  runs: LoadResult[];
  note: string | null;
}

/**
 * The whole clinic's slot search under load (autocannon at each concurrency
 * after a warm-up), run the way the scale phase runs the chart endpoints.
 */
export async function measureWholeClinicSlotSearch(context: {
  baseUrl: string;
  cookie: string;
  visitTypeId: string;
  concurrency: number[];
  seconds: number;
  log: (message: string) => void;
}): Promise<WholeClinicSlotSearch> {
  const path = wholeClinicSlotQuery(context.visitTypeId);
  const client = new HttpClient(context.baseUrl, context.cookie);
  const probe = await client.get(path).finally(() => client.close());
  const answer = probe.status === 200 ? json<SlotAnswer>(probe) : null;
  if (!answer) {
    const note = `GET /api/slots answered ${probe.status}: ${probe.body.slice(0, 160)}`;
    context.log(`  slot search (whole clinic): ${note}`);
    return { physicians: 0, slots: 0, bytes: 0, runs: [], note };
  }
  const found = { physicians: answer.physicians.length, slots: answer.physicians.reduce((sum, physician) => sum + physician.slots.length, 0), bytes: probe.body.length };
  const url = new URL(path, context.baseUrl).toString();
  const runs = await loadAtEachConcurrency({
    url,
    cookie: context.cookie,
    concurrency: context.concurrency,
    seconds: context.seconds,
    label: `slot search, all ${found.physicians} physicians × 30 days (${found.slots} slots, ${(found.bytes / 1000).toFixed(0)} kB)`,
    log: context.log,
  });
  return { ...found, runs, note: null };
}

interface SlotAnswer {
  physicians: { physicianId: string; slots: { start: string; end: string }[] }[];
}

export async function measureSlotSearch(context: {
  baseUrl: string;
  cookie: string;
  physicianIds: string[];
  visitTypeId: string;
  runs: number;
  log: (message: string) => void;
}): Promise<SlotSearchResult> {
  const client = new HttpClient(context.baseUrl, context.cookie);
  const from = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const to = new Date(from.getTime() + 30 * DAY_MS);
  const query = (physicianId: string) =>
    `/api/slots?${new URLSearchParams({ physicianId, visitTypeId: context.visitTypeId, from: from.toISOString(), to: to.toISOString() })}`;
  const searches: number[] = [];
  const requests: number[] = [];
  const failures: string[] = [];
  let slotsFound = 0;
  try {
    const search = async () => {
      const started = performance.now();
      const answers = await Promise.all(context.physicianIds.map((id) => client.get(query(id))));
      const elapsed = performance.now() - started;
      for (const answer of answers) {
        if (answer.status !== 200) throw new Error(`GET /api/slots answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      }
      return { elapsed, answers };
    };
    for (let i = 0; i < 3; i++) await search();
    for (let run = 0; run < context.runs; run++) {
      try {
        const { elapsed, answers } = await search();
        searches.push(elapsed);
        for (const answer of answers) requests.push(answer.ms);
        slotsFound = answers.reduce((sum, answer) => sum + (json<SlotAnswer>(answer)?.physicians[0]?.slots.length ?? 0), 0);
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    const all: number[] = [];
    let physicians = 0;
    for (let run = 0; run < Math.min(20, context.runs); run++) {
      const answer = await client.get(wholeClinicSlotQuery(context.visitTypeId));
      if (answer.status !== 200) break;
      all.push(answer.ms);
      physicians = json<SlotAnswer>(answer)?.physicians.length ?? 0;
    }
    const result: SlotSearchResult = {
      runs: searches.length,
      search: summarize(searches),
      request: summarize(requests),
      slotsFound,
      allPhysicians: all.length > 0 ? { physicians, latency: summarize(all) } : null,
      failures,
    };
    context.log(
      `  slot search (3 physicians × 30 days, ${slotsFound} free slots): p50 ${result.search?.p50.toFixed(1)} ms, p95 ${result.search?.p95.toFixed(1)} ms over ${searches.length} runs`,
    );
    return result;
  } finally {
    client.close();
  }
}

export interface BookingRaceResult {
  clients: number;
  requests: number;
  slots: number;
  load: LoadResult | null;
  created: number;
  conflicts: number;
  other: Record<string, number>;
  /** Appointments the database holds from this race (must equal `created`). */
  booked: number;
  note: string | null;
}

export async function measureBookingRace(context: {
  baseUrl: string;
  cookie: string;
  db: Database;
  physicianId: string;
  visitTypeId: string;
  clients: number;
  requests: number;
  log: (message: string) => void;
}): Promise<BookingRaceResult> {
  const client = new HttpClient(context.baseUrl, context.cookie);
  const reason = `Benchmark booking race ${new Date().toISOString()}`;
  const slotCount = Math.max(1, Math.ceil(context.requests / 10));
  const empty = { clients: context.clients, requests: 0, slots: 0, load: null, created: 0, conflicts: 0, other: {}, booked: 0 };
  try {
    // Free slots three to four weeks out, so the race never meets the visits other phases book.
    const from = new Date(Date.now() + 21 * DAY_MS);
    const to = new Date(from.getTime() + 14 * DAY_MS);
    const answer = await client.get(
      `/api/slots?${new URLSearchParams({ physicianId: context.physicianId, visitTypeId: context.visitTypeId, from: from.toISOString(), to: to.toISOString() })}`,
    );
    const slots = (json<SlotAnswer>(answer)?.physicians[0]?.slots ?? []).slice(0, slotCount).map((slot) => slot.start);
    if (slots.length === 0) return { ...empty, note: `no free slots to race for (GET /api/slots answered ${answer.status})` };
    const patients = await context.db.patient.findMany({ select: { id: true }, orderBy: { mrn: "desc" }, take: context.clients });
    const perSlot = Math.ceil(context.requests / slots.length);
    let sent = 0;
    const load = await runLoad({
      url: `${context.baseUrl}/api/appointments`,
      cookie: context.cookie,
      connections: context.clients,
      amount: context.requests,
      requests: [
        {
          method: "POST",
          path: "/api/appointments",
          headers: { "content-type": "application/json" },
          setupRequest: (request) => {
            const i = sent++;
            const body = JSON.stringify({
              patientId: patients[i % patients.length]!.id,
              physicianId: context.physicianId,
              visitTypeId: context.visitTypeId,
              startsAt: slots[Math.floor(i / perSlot) % slots.length],
              reason,
            });
            return { ...request, body };
          },
        },
      ],
    });
    const booked = await context.db.appointment.count({ where: { reason, status: { notIn: ["CANCELLED", "NO_SHOW"] } } });
    await context.db.appointment.updateMany({
      where: { reason, status: { not: "CANCELLED" } },
      data: { status: "CANCELLED", cancelledAt: new Date(), cancelReason: "Benchmark booking race done" },
    });
    const created = load.statuses["201"] ?? 0;
    const conflicts = load.statuses["409"] ?? 0;
    const other = Object.fromEntries(Object.entries(load.statuses).filter(([status]) => status !== "201" && status !== "409"));
    context.log(
      `  booking race: ${load.requests} requests from ${context.clients} clients for ${slots.length} slots: ${created} × 201, ${conflicts} × 409` +
        `${Object.keys(other).length > 0 ? `, other: ${JSON.stringify(other)}` : ""}; ${load.requestsPerSecond.toFixed(0)} req/s; ${booked} booked in the database`,
    );
    return { clients: context.clients, requests: load.requests, slots: slots.length, load, created, conflicts, other, booked, note: null };
  } finally {
    client.close();
  }
}
