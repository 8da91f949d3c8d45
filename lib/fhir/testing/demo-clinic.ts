import { inject } from "vitest";
import type { Resource } from "@medplum/fhirtypes";
import type { Database } from "@/lib/db/prisma";
import { createPrismaClient } from "@/lib/db/prisma";
import { seedClinic } from "@/lib/db/seed";
import { createScratchDatabase, type ScratchDatabase } from "@/lib/db/testing/scratch-database";
import type { FhirType } from "../registry";
import { collectPage, type Candidate } from "../search/pager";

// For the FHIR integration tests: a database of their own holding the demo
// clinic (as `npm run db:seed` makes it), and every resource of a type read
// straight from its sources, in process.

export const DEMO_NOW = new Date("2026-03-09T15:00:00Z");

export async function seededDemoClinic(options: { patients?: number } = {}): Promise<{ database: ScratchDatabase; db: Database }> {
  const database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
  const db = createPrismaClient(database.url);
  await seedClinic(db, { patients: options.patients ?? 40, now: DEMO_NOW });
  return { database, db };
}

/** Every resource the type's sources give for the scope, page by page as the API would. */
export async function allCandidates(db: Database, fhirType: FhirType, patientIds: string[] | null): Promise<Candidate[]> {
  const all: Candidate[] = [];
  let page: string | null = null;
  do {
    const result = await collectPage(db, fhirType.sources, { patientIds, ids: null, filters: { resourceType: fhirType.type } }, 1000, page);
    all.push(...result.items);
    page = result.next;
  } while (page !== null);
  return all;
}

export function resourcesOf(candidates: readonly Candidate[]): Resource[] {
  return candidates.map((candidate) => candidate.resource);
}
