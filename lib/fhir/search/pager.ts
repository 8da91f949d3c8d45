import { matchesSearchRequest, type SearchRequest } from "@medplum/core";
import type { Resource } from "@medplum/fhirtypes";
import type { Database } from "@/lib/db/prisma";
import { fhirRefusal } from "../errors";

// Keyset paging over a type's sources (the clinic's own records, then the
// outside records it imported), each scanned in id order. A page token names
// the source and id to continue from, in either direction, so `next` and
// `previous` cost the same on the first page as on the thousandth.

/** A resource found by a source, with whom it is about (for authorization). */
export interface Candidate {
  id: string;
  resource: Resource;
  /** The patient whose record this is; null for directory resources (Practitioner, Organization…). */
  patientId: string | null;
  /** The physician a Practitioner, Schedule or Slot is about. */
  physicianId?: string;
}

export interface Scope {
  patientIds: string[] | null;
  ids: string[] | null;
  /** Filters the source may push into its query; the matcher checks them anyway. */
  filters: SearchRequest;
}

export interface ScanRange {
  /** Exclusive bound: ids after this one (ascending) or before it (descending). */
  from: string | null;
  descending: boolean;
  limit: number;
}

export interface Source {
  scan(db: Database, scope: Scope, range: ScanRange): Promise<Candidate[]>;
  /**
   * Every candidate of the scope, batch by batch in any order, for export;
   * for a source whose scan cannot seek (it would cost each batch as much as the whole).
   */
  stream?(db: Database, scope: Scope): AsyncGenerator<Candidate[]>;
}

interface PageToken {
  source: number;
  id: string;
  direction: "next" | "previous";
}

export interface Page {
  items: Candidate[];
  next: string | null;
  previous: string | null;
}

const BATCH = 200;

export function encodePageToken(token: PageToken): string {
  return Buffer.from(JSON.stringify([token.source, token.id, token.direction === "next" ? "n" : "p"])).toString("base64url");
}

export function decodePageToken(value: string, sourceCount: number): PageToken {
  try {
    const [source, id, direction] = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as [unknown, unknown, unknown];
    if (typeof source === "number" && Number.isInteger(source) && source >= 0 && source < sourceCount && typeof id === "string" && id.length <= 128 && (direction === "n" || direction === "p")) {
      return { source, id, direction: direction === "n" ? "next" : "previous" };
    }
  } catch {
    // fall through to the refusal
  }
  throw fhirRefusal.invalid("The page token is not valid; follow the next and previous links as given.");
}

/** One page of matches across the sources, and the tokens of the pages beside it. */
export async function collectPage(db: Database, sources: readonly Source[], scope: Scope, count: number, pageToken: string | null): Promise<Page> {
  const token = pageToken === null ? null : decodePageToken(pageToken, sources.length);
  const descending = token?.direction === "previous";
  const found: Array<{ source: number; candidate: Candidate }> = [];
  const order = sources.map((_, index) => index);
  if (descending) order.reverse();
  for (const index of order) {
    if (token && (descending ? index > token.source : index < token.source)) continue;
    let from = token && index === token.source ? token.id : null;
    for (;;) {
      const batch = await sources[index]!.scan(db, scope, { from, descending, limit: BATCH });
      for (const candidate of batch) {
        if (matchesSearchRequest(candidate.resource, scope.filters)) found.push({ source: index, candidate });
        if (found.length > count) break;
      }
      if (found.length > count || batch.length < BATCH) break;
      from = batch[batch.length - 1]!.id;
    }
    if (found.length > count) break;
  }
  const more = found.length > count;
  const page = found.slice(0, count);
  if (descending) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const tokenAt = (entry: (typeof page)[number] | undefined, direction: PageToken["direction"]) =>
    entry ? encodePageToken({ source: entry.source, id: entry.candidate.id, direction }) : null;
  return {
    items: page.map((entry) => entry.candidate),
    // Going forward, a page before exists when we came by a token; going back, the page after always does.
    next: descending || more ? tokenAt(last, "next") : null,
    previous: descending ? (more ? tokenAt(first, "previous") : null) : token ? tokenAt(first, "previous") : null,
  };
}

/** Candidates whose id and patient the scope allows, for sources that cannot narrow in their query. */
export function inScope(scope: Scope, candidate: Candidate): boolean {
  return (scope.ids === null || scope.ids.includes(candidate.id)) && (scope.patientIds === null || (candidate.patientId !== null && scope.patientIds.includes(candidate.patientId)));
}
