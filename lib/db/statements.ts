import { createHash } from "node:crypto";

// Named (prepared) statements: PostgreSQL parses and plans a named statement
// once per connection instead of on every execution, which measured as two
// thirds of its CPU for a chart read (docs/BENCHMARKS.md). They need the
// server session to belong to the connection: not so on the embedded database
// (PGlite is one session behind its socket, shared by every connection, so a
// name one connection prepared already exists for the next), nor behind a
// transaction-pooling proxy (set DATABASE_PREPARED_STATEMENTS=off there).

// Marks the embedded database's URL; pg ignores parameters it does not know.
const EMBEDDED_MARK = "embedded=pglite";

export function embeddedDatabaseUrl(address: string): string {
  return `postgresql://postgres:postgres@${address}/postgres?sslmode=disable&${EMBEDDED_MARK}`;
}

export function mayPrepareStatements(connectionString: string, setting = process.env.DATABASE_PREPARED_STATEMENTS): boolean {
  return setting !== "off" && !new RegExp(`[?&]${EMBEDDED_MARK}(&|$)`).test(connectionString);
}

// The app sends a few dozen distinct statements, each many times: their names
// are kept rather than hashed again, up to a bound against unusual workloads.
const knownNames = new Map<string, string>();
const MAX_KNOWN_NAMES = 2_000;

/** One name per SQL text, so a connection that has prepared it reuses it. */
export function statementName(sql: string): string {
  let name = knownNames.get(sql);
  if (name === undefined) {
    name = `s_${createHash("sha1").update(sql).digest("base64url")}`;
    if (knownNames.size >= MAX_KNOWN_NAMES) knownNames.clear();
    knownNames.set(sql, name);
  }
  return name;
}
