import "server-only";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { FHIR_TYPES } from "../registry";
import type { ServedType } from "../systems";
import { EXPORTED_TYPES, streamType } from "./stream";

// The clinic-wide export an operator runs (npm run fhir:export -- <dir>): the
// Bulk Data format, one NDJSON file per resource type, with progress.

export interface ExportProgress {
  type: ServedType;
  /** Resources of this type written so far. */
  written: number;
  done: boolean;
}

export interface ExportSummary {
  counts: Partial<Record<ServedType, number>>;
  total: number;
  seconds: number;
}

export async function exportClinicToDirectory(
  db: Database,
  directory: string,
  options: {
    types?: readonly ServedType[];
    /** Only these patients' records; the directory (practitioners, organizations) and schedules stay whole, as the records refer to them. */
    patientIds?: string[];
    onProgress?: (progress: ExportProgress) => void;
  } = {},
): Promise<ExportSummary> {
  const started = performance.now();
  await mkdir(directory, { recursive: true });
  const counts: Partial<Record<ServedType, number>> = {};
  for (const type of options.types ?? EXPORTED_TYPES) {
    const file = createWriteStream(path.join(directory, `${type}.ndjson`), { encoding: "utf8" });
    let written = 0;
    const patientIds = options.patientIds && FHIR_TYPES[type].compartment === "patient" ? options.patientIds : null;
    for await (const batch of streamType(db, type, { patientIds })) {
      const chunk = batch.map((candidate) => `${JSON.stringify(candidate.resource)}\n`).join("");
      if (!file.write(chunk)) await once(file, "drain");
      written += batch.length;
      options.onProgress?.({ type, written, done: false });
    }
    file.end();
    await once(file, "finish");
    counts[type] = written;
    options.onProgress?.({ type, written, done: true });
  }
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  // The operator's own command: audited as a whole, not per patient.
  await recordAudit(db, {
    actorId: "operator:fhir-export",
    actorRole: null,
    action: "fhir.export",
    patientId: null,
    resourceType: "clinic",
    resourceId: null,
    outcome: "ALLOWED",
    reason: `${total} resources${options.patientIds ? ` of ${options.patientIds.length} patients` : ""} to ${directory}`,
    ip: null,
    userAgent: "npm run fhir:export",
  });
  return { counts, total, seconds: (performance.now() - started) / 1000 };
}
