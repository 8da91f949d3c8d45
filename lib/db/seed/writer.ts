import "server-only";
import type { Prisma } from "../generated/client";
import { INSERT_ORDER, type SeedRows, type SeedTable } from "./rows";

// Writes row batches table by table in foreign-key order.
//
// Every table goes through createMany, split so no statement carries more bind
// parameters than PostgreSQL's wire protocol accepts (65,535) — except the lab
// results. A benchmark clinic has a million of those, and Prisma 7's createMany
// compiles every row on the client (about 3,000 rows a second here, so six
// minutes for that table alone). They go instead as one JSON parameter per
// statement that PostgreSQL unpacks with json_populate_recordset (over 40,000
// rows a second); the database still checks every value against the column types.

const MAX_BIND_PARAMETERS = 60_000;
const JSON_ROWS_PER_STATEMENT = 5_000;

type Database = Prisma.TransactionClient;

export type TableCounts = Record<SeedTable, number>;

type CreateMany = { [T in SeedTable]: (db: Database, data: SeedRows[T]) => Promise<{ count: number }> };

const CREATE_MANY: Omit<CreateMany, "labResults"> = {
  users: (db, data) => db.user.createMany({ data }),
  consentVersions: (db, data) => db.consentVersion.createMany({ data }),
  physicians: (db, data) => db.physician.createMany({ data }),
  physicianLicenses: (db, data) => db.physicianLicense.createMany({ data }),
  availabilityWindows: (db, data) => db.availabilityWindow.createMany({ data }),
  availabilityOverrides: (db, data) => db.availabilityOverride.createMany({ data }),
  visitTypes: (db, data) => db.visitType.createMany({ data }),
  physicianVisitTypes: (db, data) => db.physicianVisitType.createMany({ data }),
  intakeQuestionnaires: (db, data) => db.intakeQuestionnaire.createMany({ data }),
  patients: (db, data) => db.patient.createMany({ data }),
  screeningRecords: (db, data) => db.screeningRecord.createMany({ data }),
  problems: (db, data) => db.problem.createMany({ data }),
  allergies: (db, data) => db.allergy.createMany({ data }),
  appointments: (db, data) => db.appointment.createMany({ data }),
  visits: (db, data) => db.visit.createMany({ data }),
  consultationNotes: (db, data) => db.consultationNote.createMany({ data }),
  noteAddenda: (db, data) => db.noteAddendum.createMany({ data }),
  prescriptions: (db, data) => db.prescription.createMany({ data }),
  medications: (db, data) => db.medication.createMany({ data }),
};

export function emptyCounts(): TableCounts {
  return Object.fromEntries(INSERT_ORDER.map((table) => [table, 0])) as TableCounts;
}

export async function insertRows(db: Database, rows: SeedRows, counts: TableCounts): Promise<void> {
  for (const table of INSERT_ORDER) {
    counts[table] += table === "labResults" ? await insertAsJson(db, "LabResult", rows.labResults) : await createMany(db, table, rows[table]);
  }
}

async function createMany<T extends Exclude<SeedTable, "labResults">>(db: Database, table: T, data: SeedRows[T]): Promise<number> {
  const first = data[0];
  if (!first) return 0;
  const rowsPerStatement = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / Object.keys(first).length));
  let inserted = 0;
  for (let offset = 0; offset < data.length; offset += rowsPerStatement) {
    const { count } = await CREATE_MANY[table](db, data.slice(offset, offset + rowsPerStatement) as SeedRows[T]);
    inserted += count;
  }
  return inserted;
}

/** Rows must all have the same keys, named as the table's columns. */
async function insertAsJson(db: Database, tableName: string, data: readonly object[]): Promise<number> {
  const first = data[0];
  if (!first) return 0;
  const columns = Object.keys(first)
    .map((column) => `"${column}"`)
    .join(", ");
  const sql = `INSERT INTO "${tableName}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${tableName}", $1::json)`;
  let inserted = 0;
  for (let offset = 0; offset < data.length; offset += JSON_ROWS_PER_STATEMENT) {
    inserted += await db.$executeRawUnsafe(sql, JSON.stringify(data.slice(offset, offset + JSON_ROWS_PER_STATEMENT)));
  }
  return inserted;
}
