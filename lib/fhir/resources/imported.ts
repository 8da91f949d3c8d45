import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import type { Database } from "@/lib/db/prisma";
import type { Candidate, ScanRange, Scope, Source } from "../search/pager";
import { idConditions, idOrder, patientCondition } from "./common";

// Outside records as they were received (references already rewritten to our
// ids at import), for every type the API serves: the second source of each.

export function importedCandidate(row: { id: string; patientId: string | null; source: string | null; importedAt: Date; resource: unknown }): Candidate {
  const stored = row.resource as Resource;
  const resource = {
    ...stored,
    id: row.id,
    meta: { ...stored.meta, lastUpdated: row.importedAt.toISOString(), ...(row.source ? { source: row.source } : {}) },
  } as Resource;
  return { id: row.id, resource, patientId: row.patientId };
}

export function importedSource(resourceType: string): Source {
  return {
    async scan(db: Database, scope: Scope, range: ScanRange) {
      const rows = await db.importedResource.findMany({
        where: { resourceType, ...patientCondition(scope), AND: idConditions(scope, range) },
        orderBy: idOrder(range),
        take: range.limit,
        select: { id: true, patientId: true, source: true, importedAt: true, resource: true },
      });
      return rows.map(importedCandidate);
    },
  };
}
