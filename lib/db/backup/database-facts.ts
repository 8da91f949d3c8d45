import "server-only";
import type pg from "pg";
import { verifyAuditChain } from "@/lib/audit/chain";
import type { BackupManifest } from "./format";

// What a backup's manifest says about its database, read the same way at
// backup time (in the snapshot pg_dump dumps) and after a restore (to check
// the restored database against it).

export type DatabaseFacts = Pick<BackupManifest, "rowCounts" | "auditChain"> & { schemaVersion: string | null };

/** The last migration applied, or null when none is (not this app's database, or not migrated). */
export async function schemaVersionOf(client: pg.Client): Promise<string | null> {
  const { rows: table } = await client.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
  if (!table[0]?.exists) return null;
  const { rows } = await client.query<{ name: string | null }>(
    `SELECT max(migration_name) AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return rows[0]?.name ?? null;
}

/** Every ordinary or partitioned table in the current schema and how many rows it holds. */
export async function rowCountsOf(client: pg.Client): Promise<Record<string, number>> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) AS count FROM "${name.replaceAll('"', '""')}"`);
    counts[name] = Number(rows[0]!.count);
  }
  return counts;
}

/** The facts a manifest records, as JSON would carry them. */
export async function databaseFacts(client: pg.Client): Promise<DatabaseFacts> {
  const schemaVersion = await schemaVersionOf(client);
  const rowCounts = await rowCountsOf(client);
  const chain = await verifyAuditChain(client);
  const at = (link: { id: string; occurredAt: Date }) => ({ id: link.id, occurredAt: link.occurredAt.toISOString() });
  return {
    schemaVersion,
    rowCounts,
    auditChain: {
      intact: chain.intact,
      head: chain.head && { ...at(chain.head), hash: chain.head.hash },
      broken: chain.broken && { ...at(chain.broken), problem: chain.broken.problem },
    },
  };
}

/** How the restored database differs from the manifest; empty when it matches. */
export function factDifferences(expected: DatabaseFacts, actual: DatabaseFacts): string[] {
  const differences: string[] = [];
  if (actual.schemaVersion !== expected.schemaVersion) {
    differences.push(`schema version ${actual.schemaVersion ?? "(none)"}, the backup's is ${expected.schemaVersion}`);
  }
  const tables = [...new Set([...Object.keys(expected.rowCounts), ...Object.keys(actual.rowCounts)])].sort();
  for (const table of tables) {
    const want = expected.rowCounts[table];
    const have = actual.rowCounts[table];
    if (want === undefined) differences.push(`table ${table} (${have} rows) is not in the backup`);
    else if (have === undefined) differences.push(`table ${table} (${want} rows in the backup) is missing`);
    else if (want !== have) differences.push(`table ${table} holds ${have} rows, the backup ${want}`);
  }
  if (!sameChain(actual.auditChain, expected.auditChain)) {
    differences.push(`the audit trail's chain reads ${describeChain(actual.auditChain)}, the backup's ${describeChain(expected.auditChain)}`);
  }
  return differences;
}

function sameChain(a: DatabaseFacts["auditChain"], b: DatabaseFacts["auditChain"]): boolean {
  const link = (value: { id: string; occurredAt: string } | null, extra: string | undefined) => (value ? `${value.id}@${value.occurredAt}/${extra}` : "none");
  return (
    a.intact === b.intact &&
    link(a.head, a.head?.hash) === link(b.head, b.head?.hash) &&
    link(a.broken, a.broken?.problem) === link(b.broken, b.broken?.problem)
  );
}

function describeChain(chain: DatabaseFacts["auditChain"]): string {
  const head = chain.head ? `head event ${chain.head.id} hash ${chain.head.hash.slice(0, 16)}…` : "no head";
  return `${chain.intact} intact event(s), ${head}${chain.broken ? `, broken at event ${chain.broken.id} (${chain.broken.problem})` : ""}`;
}
