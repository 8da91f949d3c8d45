import "server-only";
import { matchesSearchRequest, Operator, type SearchRequest } from "@medplum/core";
import type { Database } from "@/lib/db/prisma";
import { loadFhirDefinitions } from "../definitions";
import { FHIR_TYPES } from "../registry";
import type { Candidate, Scope, Source } from "../search/pager";
import { SERVED_TYPES, type ServedType } from "../systems";

// The whole clinic, type by type, in batches: what bulk export (NDJSON),
// $everything and the record download are made of. Slots are left out: they
// are the free time of the moment, not a record.

export const EXPORTED_TYPES: readonly ServedType[] = SERVED_TYPES.filter((type) => type !== "Slot");

const BATCH = 500;

/**
 * Every resource of the type in the scope (all patients when patientIds is
 * null), a batch at a time in id order (or the source's own order when it
 * streams); `since` keeps those changed after it.
 */
export async function* streamType(db: Database, type: ServedType, options: { patientIds: string[] | null; since?: Date | null }): AsyncGenerator<Candidate[]> {
  const fhirType = FHIR_TYPES[type];
  const filters: SearchRequest = {
    resourceType: type,
    ...(options.since ? { filters: [{ code: "_lastUpdated", operator: Operator.GREATER_THAN, value: options.since.toISOString() }] } : {}),
  };
  if (options.since) loadFhirDefinitions();
  const scope: Scope = { patientIds: options.patientIds, ids: null, filters };
  for (const source of fhirType.sources) {
    for await (const batch of readingAhead(source.stream ? source.stream(db, scope) : scanInIdOrder(db, source, scope))) {
      const kept = options.since ? batch.filter((candidate) => matchesSearchRequest(candidate.resource, filters)) : batch;
      if (kept.length > 0) yield kept;
    }
  }
}

/**
 * The batches of a source, each handed on while the next is already being
 * read: the database answers the next query while the caller maps, serializes
 * and writes this batch, instead of each waiting for the other.
 */
async function* readingAhead<T>(batches: AsyncGenerator<T>): AsyncGenerator<T> {
  let pending = batches.next();
  try {
    for (;;) {
      const result = await pending;
      if (result.done) return;
      pending = batches.next();
      yield result.value;
    }
  } finally {
    // A caller that stops early leaves one read under way: let it finish (or fail) unobserved, then close the source.
    await pending.catch(() => undefined);
    await batches.return(undefined);
  }
}

async function* scanInIdOrder(db: Database, source: Source, scope: Scope): AsyncGenerator<Candidate[]> {
  let from: string | null = null;
  for (;;) {
    const batch = await source.scan(db, scope, { from, descending: false, limit: BATCH });
    yield batch;
    if (batch.length < BATCH) return;
    from = batch[batch.length - 1]!.id;
  }
}
