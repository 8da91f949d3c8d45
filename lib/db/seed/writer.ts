import "server-only";
import type { Prisma } from "../generated/client";
import { jsonRowsInsert } from "../json-rows";
import { INSERT_ORDER, type SeedRows, type SeedTable } from "./rows";

// Writes row batches table by table in foreign-key order.
//
// A benchmark clinic has tens of millions of rows: with Prisma 7's createMany
// an hour for a 100,000-patient clinic. Every table goes instead as one JSON
// parameter (lib/db/json-rows.ts); seed.int.test.ts compares what was written
// with what was generated.

type Database = Prisma.TransactionClient;

export type TableCounts = Record<SeedTable, number>;

const SQL_TABLE: Record<SeedTable, string> = {
  users: "User",
  consentVersions: "ConsentVersion",
  physicians: "Physician",
  physicianLicenses: "PhysicianLicense",
  availabilityWindows: "AvailabilityWindow",
  availabilityOverrides: "AvailabilityOverride",
  visitTypes: "VisitType",
  physicianVisitTypes: "PhysicianVisitType",
  intakeQuestionnaires: "IntakeQuestionnaire",
  patients: "Patient",
  screeningRecords: "ScreeningRecord",
  problems: "Problem",
  allergies: "Allergy",
  appointments: "Appointment",
  visits: "Visit",
  consultationNotes: "ConsultationNote",
  noteAddenda: "NoteAddendum",
  prescriptions: "Prescription",
  medications: "Medication",
  labResults: "LabResult",
};

/** The tables that grow with the clinic: their secondary indexes are worth building after a bulk load. */
export const BULK_TABLES: readonly string[] = ["LabResult", "Appointment", "Visit", "ConsultationNote", "Prescription", "Medication", "Problem"];

export function emptyCounts(): TableCounts {
  return Object.fromEntries(INSERT_ORDER.map((table) => [table, 0])) as TableCounts;
}

/**
 * One statement for the whole batch: each table's rows as one JSON parameter,
 * inserted by a data-modifying WITH clause in foreign-key order (the foreign
 * keys are checked at the end of the statement, when every row is in). One
 * round trip lets the caller generate the next batch while PostgreSQL writes
 * this one.
 */
export async function insertRows(db: Database, rows: SeedRows, counts: TableCounts): Promise<void> {
  const parts: { table: SeedTable; sql: string; json: string }[] = [];
  for (const table of INSERT_ORDER) {
    const insert = jsonRowsInsert(SQL_TABLE[table], rows[table] as readonly object[], parts.length + 1);
    if (insert) parts.push({ table, ...insert });
  }
  if (parts.length === 0) return;
  const sql =
    `WITH ${parts.map((part, i) => `t${i} AS (${part.sql})`).join(",\n")}\n` +
    `SELECT ${parts.map((part, i) => `(SELECT count(*) FROM t${i})::int AS "${part.table}"`).join(", ")}`;
  const [inserted] = await db.$queryRawUnsafe<Partial<TableCounts>[]>(sql, ...parts.map((part) => part.json));
  for (const part of parts) counts[part.table] += inserted?.[part.table] ?? 0;
}

/**
 * Drops the secondary indexes of the bulk tables (not unique ones, nor those behind
 * a constraint: they guard the data while it goes in) and returns how to
 * build them again: the very definitions PostgreSQL holds, so the schema after
 * `rebuild` is the migrated one. Needs the tables' owner.
 */
export async function deferIndexes(db: Database): Promise<{ rebuild: () => Promise<number> }> {
  const indexes = await db.$queryRawUnsafe<{ name: string; definition: string }[]>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relnamespace = current_schema()::regnamespace
        AND t.relname = ANY($1::text[])
        AND NOT x.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    [...BULK_TABLES],
  );
  for (const index of indexes) await db.$executeRawUnsafe(`DROP INDEX "${index.name}"`);
  return {
    rebuild: async () => {
      for (const index of indexes) await db.$executeRawUnsafe(index.definition);
      return indexes.length;
    },
  };
}
