import "server-only";
import { z } from "zod";
import { AccessDeniedError, auditActor, authorize, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/policy";
import type { Database } from "@/lib/db/prisma";
import { enqueueJob, type JobHandlers } from "@/lib/jobs/queue";
import { authorizeCandidates } from "../access";
import { fhirRefusal } from "../errors";
import { isValidDateValue } from "../search/params";
import { FHIR_TYPES } from "../registry";
import type { ServedType } from "../systems";
import { EXPORTED_TYPES, streamType } from "./stream";

// FHIR Bulk Data export for registered integrations: GET /fhir/R4/$export
// (Prefer: respond-async) starts a job on the durable job queue; the client
// polls its status URL and downloads the NDJSON files the manifest lists, with
// its access token. Each file holds at most RESOURCES_PER_FILE resources.

export const BULK_EXPORT_JOB = "fhir.bulk-export";
const RESOURCES_PER_FILE = 10_000;
const NDJSON_FORMATS = new Set(["application/fhir+ndjson", "application/ndjson", "ndjson"]);

const kickOffQuery = z.strictObject(
  {
    _type: z.string().max(2000).optional(),
    _since: z.string().max(64).optional(),
    _outputFormat: z.string().max(64).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Not supported by $export: ${issue.keys.join(", ")}.` : undefined) },
);

/** The calling integration; anyone else is refused, and the attempt audited. */
async function requireIntegration(db: Database, context: RequestContext): Promise<Extract<Actor, { kind: "integration" }>> {
  if (context.actor.kind === "integration") return context.actor;
  const reason = "Bulk export is for registered integrations (SMART Backend Services).";
  await recordAudit(db, { ...auditActor(context), action: "fhir.bulk-export", patientId: null, resourceType: "clinic", resourceId: null, outcome: "DENIED", reason });
  throw new AccessDeniedError(reason, context.actor.kind === "anonymous" ? 401 : 403);
}

/** Starts an export; returns the job id for the Content-Location status URL. */
export async function kickOffExport(db: Database, context: RequestContext, query: URLSearchParams, prefer: string | null): Promise<string> {
  const actor = await requireIntegration(db, context);
  const parsed = kickOffQuery.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw fhirRefusal.invalid(parsed.error.issues.map((issue) => issue.message).join(" "));
  if (!/\brespond-async\b/.test(prefer ?? "")) throw fhirRefusal.invalid("Bulk export runs asynchronously: send Prefer: respond-async.");
  const { _type, _since, _outputFormat } = parsed.data;
  if (_outputFormat && !NDJSON_FORMATS.has(_outputFormat)) throw fhirRefusal.notSupported("Only application/fhir+ndjson output is supported.");
  if (_since && !(isValidDateValue(_since) && _since.includes("T"))) throw fhirRefusal.invalid("_since must be an instant, such as 2026-01-01T00:00:00Z.");
  const types = _type ? [...new Set(_type.split(","))] : [...EXPORTED_TYPES];
  const unknown = types.filter((type) => !(EXPORTED_TYPES as readonly string[]).includes(type));
  if (unknown.length > 0) throw fhirRefusal.notSupported(`Not exported: ${unknown.join(", ")}.`);
  for (const type of types as ServedType[]) await authorize(db, context, FHIR_TYPES[type].action, { type: "clinic" }, { fhirResourceType: type });
  const job = await db.bulkExportJob.create({ data: { clientId: actor.clientId, resourceTypes: types, since: _since ? new Date(_since) : null }, select: { id: true } });
  await enqueueJob(db, { kind: BULK_EXPORT_JOB, payload: { jobId: job.id }, runAt: new Date(), dedupeKey: `${BULK_EXPORT_JOB}:${job.id}`, maxAttempts: 3 });
  return job.id;
}

/** Runs one export job: every requested type, authorized for the client patient by patient, written as NDJSON parts. */
export async function runExportJob(db: Database, jobId: string): Promise<void> {
  const job = await db.bulkExportJob.findUnique({ where: { id: jobId }, include: { client: true } });
  if (!job || job.status !== "IN_PROGRESS") return;
  const context: RequestContext = { actor: { kind: "integration", clientId: job.client.id, name: job.client.name, scopes: job.client.scopes }, ip: null, userAgent: "bulk export" };
  try {
    if (job.client.revokedAt) throw new AccessDeniedError("The client was revoked.", 403);
    await db.bulkExportFile.deleteMany({ where: { jobId } });
    for (const type of job.resourceTypes as ServedType[]) {
      let part = 0;
      let lines: string[] = [];
      const flush = async () => {
        if (lines.length === 0) return;
        part += 1;
        await db.bulkExportFile.create({ data: { jobId, resourceType: type, part, count: lines.length, content: `${lines.join("\n")}\n` } });
        lines = [];
      };
      for await (const batch of streamType(db, type, { patientIds: null, since: job.since })) {
        await authorizeCandidates(db, context, FHIR_TYPES[type], batch);
        for (const candidate of batch) {
          lines.push(JSON.stringify(candidate.resource));
          if (lines.length >= RESOURCES_PER_FILE) await flush();
        }
      }
      await flush();
    }
    await db.bulkExportJob.update({ where: { id: jobId }, data: { status: "COMPLETED", completedAt: new Date() } });
  } catch (error) {
    await db.bulkExportJob.update({ where: { id: jobId }, data: { status: "FAILED", completedAt: new Date(), error: error instanceof Error ? error.message : String(error) } });
  }
}

export const bulkExportHandlers: JobHandlers = {
  [BULK_EXPORT_JOB]: async (payload, { db }) => runExportJob(db, z.object({ jobId: z.string() }).parse(payload).jobId),
};

async function clientsJob(db: Database, context: RequestContext, jobId: string) {
  const actor = await requireIntegration(db, context);
  const job = /^[A-Za-z0-9_-]{1,64}$/.test(jobId) ? await db.bulkExportJob.findUnique({ where: { id: jobId } }) : null;
  // Another client's job is as unknown as a missing one.
  if (!job || job.clientId !== actor.clientId) throw fhirRefusal.notFound("No such export.");
  return job;
}

export type ExportStatus =
  | { state: "in-progress"; progress: string }
  | { state: "failed"; error: string }
  | { state: "complete"; manifest: { transactionTime: string; request: string; requiresAccessToken: true; output: { type: string; url: string; count: number }[]; error: [] } };

export async function exportStatus(db: Database, context: RequestContext, jobId: string, options: { baseUrl: string }): Promise<ExportStatus> {
  const job = await clientsJob(db, context, jobId);
  if (job.status === "FAILED") return { state: "failed", error: job.error ?? "The export failed." };
  const files = await db.bulkExportFile.findMany({ where: { jobId }, select: { id: true, resourceType: true, count: true }, orderBy: [{ resourceType: "asc" }, { part: "asc" }] });
  if (job.status === "IN_PROGRESS") return { state: "in-progress", progress: `${files.reduce((sum, file) => sum + file.count, 0)} resources written` };
  return {
    state: "complete",
    manifest: {
      transactionTime: job.transactionTime.toISOString(),
      request: `${options.baseUrl}/$export?_type=${job.resourceTypes.join(",")}`,
      requiresAccessToken: true,
      output: files.map((file) => ({ type: file.resourceType, url: `${options.baseUrl}/bulk/${jobId}/${file.id}`, count: file.count })),
      error: [],
    },
  };
}

export async function exportFile(db: Database, context: RequestContext, jobId: string, fileId: string): Promise<string> {
  await clientsJob(db, context, jobId);
  const file = /^[A-Za-z0-9_-]{1,64}$/.test(fileId) ? await db.bulkExportFile.findFirst({ where: { id: fileId, jobId }, select: { content: true } }) : null;
  if (!file) throw fhirRefusal.notFound("No such file in this export.");
  return file.content;
}

export async function deleteExport(db: Database, context: RequestContext, jobId: string): Promise<void> {
  await clientsJob(db, context, jobId);
  await db.bulkExportJob.delete({ where: { id: jobId } });
}
