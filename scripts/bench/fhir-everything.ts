// Part of the FHIR phase of npm run bench: Patient/[id]/$everything for the
// demo patient (ten years of history) as their treating physician reads it,
// in process (lib/fhir/bulk/everything.ts, authorization and audit included):
// every page of the record at the largest _count, timed as one read.
import { performance } from "node:perf_hooks";
import type { Bundle } from "@medplum/fhirtypes";
import type { RequestContext } from "../../lib/auth/access";
import { DEMO_PATIENT_EMAIL } from "../../lib/auth/sign-in/demo-credentials";
import type { Database } from "../../lib/db/prisma";
import { DEMO_PHYSICIANS } from "../../lib/db/seed";
import { patientEverything } from "../../lib/fhir/bulk/everything";
import { MAX_PAGE_SIZE } from "../../lib/fhir/search/params";
import { summarize, type Summary } from "./stats";

export interface EverythingBenchResult {
  /** Resources in the patient's whole record. */
  resources: number;
  pages: number;
  pageSize: number;
  latency: Summary | null;
}

export async function measureEverything(options: { db: Database; runs: number; log: (message: string) => void }): Promise<EverythingBenchResult> {
  const { db } = options;
  const patient = await db.patient.findFirstOrThrow({ where: { user: { email: DEMO_PATIENT_EMAIL } }, select: { id: true } });
  const physician = await db.physician.findFirstOrThrow({ where: { user: { email: DEMO_PHYSICIANS[0]!.email } }, select: { id: true, user: { select: { id: true, name: true } } } });
  const context: RequestContext = {
    actor: { kind: "user", userId: physician.user.id, role: "PHYSICIAN", name: physician.user.name, patientId: null, physicianId: physician.id, mfaSatisfied: true },
    ip: null,
    userAgent: "npm run bench",
  };
  const baseUrl = "http://bench.invalid/fhir/R4";
  const readWhole = async () => {
    let resources = 0;
    let pages = 0;
    let query = new URLSearchParams({ _count: String(MAX_PAGE_SIZE) });
    for (;;) {
      const bundle: Bundle = await patientEverything(db, context, patient.id, query, { baseUrl });
      resources += bundle.entry?.length ?? 0;
      pages += 1;
      const next = bundle.link?.find((link) => link.relation === "next")?.url;
      if (!next) return { resources, pages };
      query = new URL(next).searchParams;
    }
  };
  const first = await readWhole();
  const samples: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const started = performance.now();
    await readWhole();
    samples.push(performance.now() - started);
  }
  const latency = summarize(samples);
  options.log(
    `  $everything (demo patient, ${first.resources} resources in ${first.pages} page${first.pages === 1 ? "" : "s"} of ${MAX_PAGE_SIZE}): p50 ${latency?.p50.toFixed(1)} ms, p95 ${latency?.p95.toFixed(1)} ms over ${samples.length} runs`,
  );
  return { ...first, pageSize: MAX_PAGE_SIZE, latency };
}
