import "server-only";
import type { Bundle, BundleEntry } from "@medplum/fhirtypes";
import { auditActor, authorize, type RequestContext } from "@/lib/auth/access";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/prisma";
import { asAppError } from "@/lib/http/route-errors";
import { fhirRefusal } from "../errors";
import { entriesOfBundle, type ImportEntry } from "./input";
import { importRecords, IMPORTED_TYPES, type ImportOptions, type ImportReport } from "./importer";

// Importing outside records with the attempt in the audit trail either way:
// POST /fhir/R4 (a transaction or batch Bundle from an integration), and the
// operator's npm run fhir:import.

/** The largest transaction Bundle the API takes; larger imports go through npm run fhir:import. */
export const MAX_TRANSACTION_BYTES = 20 * 1024 * 1024;

type AuditIdentity = Pick<Parameters<typeof recordAudit>[1], "actorId" | "actorRole" | "ip" | "userAgent">;

/** Runs an import and audits it: each patient it touched, or the refusal with its first problems. */
export async function auditedImport(db: Database, who: AuditIdentity, entries: readonly ImportEntry[], options: ImportOptions): Promise<ImportReport> {
  const event = { ...who, action: "records.import", resourceType: "fhir:Bundle", resourceId: null };
  try {
    const report = await importRecords(db, entries, options);
    await Promise.all([
      recordAudit(db, { ...event, patientId: null, outcome: "ALLOWED", reason: `from ${options.source}: ${JSON.stringify(report.created)}` }),
      ...report.patientIds.map((patientId) => recordAudit(db, { ...event, patientId, outcome: "ALLOWED", reason: `records imported from ${options.source}` })),
    ]);
    return report;
  } catch (error) {
    await recordAudit(db, { ...event, patientId: null, outcome: "DENIED", reason: `import from ${options.source} refused: ${(asAppError(error)?.message ?? "failed").slice(0, 500)}` });
    throw error;
  }
}

/** POST /fhir/R4: a transaction (or batch) Bundle from an integration holding system/*.write; all of it is imported, or none. */
export async function importTransaction(db: Database, context: RequestContext, body: unknown): Promise<Bundle> {
  await authorize(db, context, "records.import", { type: "clinic" });
  const bundleType = (body as { type?: unknown } | null)?.type;
  if (bundleType !== undefined && bundleType !== "transaction" && bundleType !== "batch") throw fhirRefusal.invalid("POST a Bundle of type transaction or batch.", ["Bundle.type"]);
  const entries = entriesOfBundle(body);
  const name = context.actor.kind === "integration" ? context.actor.name : "an integration";
  const report = await auditedImport(db, auditActor(context), entries, { source: name, organizationName: undefined });
  const responses: BundleEntry[] = entries.map((entry) => {
    const key = entry.fullUrl ?? (entry.resource.id ? `${entry.resource.resourceType}/${entry.resource.id}` : null);
    const location = key ? report.references[key] : undefined;
    if (!IMPORTED_TYPES.has(entry.resource.resourceType)) {
      return { response: { status: "200 OK", outcome: { resourceType: "OperationOutcome", issue: [{ severity: "information", code: "not-supported", diagnostics: `Not imported: the clinic does not keep ${entry.resource.resourceType} records.` }] } } };
    }
    return { response: { status: "201 Created", ...(location ? { location } : {}) } };
  });
  return { resourceType: "Bundle", type: bundleType === "batch" ? "batch-response" : "transaction-response", entry: responses };
}
