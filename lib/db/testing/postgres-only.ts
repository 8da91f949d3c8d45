import { inject, it } from "vitest";

/**
 * For tests of concurrent transactions. Embedded PGlite is one Postgres session
 * shared by every socket connection, and its multiplexer can interleave
 * concurrent connections' extended-protocol messages ("portal does not exist"),
 * so these guarantees are proven on PostgreSQL, which production runs (and CI's
 * main test run uses). On PGlite they are reported as skipped.
 */
export const itOnPostgres = it.runIf(inject("postgresServerUrl") !== null);
