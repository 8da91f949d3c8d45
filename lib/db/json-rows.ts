import "server-only";

// Many rows in one statement: Prisma 7's createMany compiles every row on the
// client (about 3,000 rows a second here), so bulk writers (the benchmark
// seed, the FHIR import) send a table's rows as one JSON parameter that
// PostgreSQL unpacks with json_populate_recordset (tens of thousands of rows a
// second). The database still checks every value against the column types and
// constraints. Every row names the same columns, those of the first row: ids
// and @updatedAt columns included, which createMany would fill in on the client.

/**
 * The INSERT of `rows` into `table`, the rows being the statement's parameter
 * number `parameter` (pass `json` there). Empty `rows` give no statement.
 */
export function jsonRowsInsert(table: string, rows: readonly object[], parameter: number, returning = "1"): { sql: string; json: string } | null {
  const first = rows[0];
  if (!first) return null;
  const columns = Object.keys(first)
    .map((column) => `"${column}"`)
    .join(", ");
  return {
    sql: `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${table}", $${parameter}::json) RETURNING ${returning}`,
    json: JSON.stringify(rows),
  };
}
