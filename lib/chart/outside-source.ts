import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { instantFromJson } from "./shaping";
import type { RecordSource } from "./types";

// Where a chart row came from, read in the same SQL statement as the row: the
// chart's readers are plain SQL, since the ORM's query planning was a tenth
// of their CPU under load (docs/BENCHMARKS.md).

/** OUTSIDE_SOURCE as it arrives: json, its instant a string. */
export type SourceJson = { organization: string | null; importedAt: string } | null;

/** For a chart row aliased `x`: where it came from when it is an outside record, as json (null for the clinic's own). */
export const OUTSIDE_SOURCE = Prisma.sql`(SELECT json_build_object('organization', o.name, 'importedAt', i."importedAt")
  FROM "ImportedResource" i LEFT JOIN "Organization" o ON o.id = i."organizationId" WHERE i.id = x."importedResourceId")`;

export function recordSource(source: SourceJson): RecordSource | null {
  return source ? { organization: source.organization, importedAt: instantFromJson(source.importedAt) } : null;
}
