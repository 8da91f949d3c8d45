import "server-only";
import { AppError } from "@/lib/http/app-error";

/**
 * PostgreSQL cannot be reached right now (restarting, failing over, its
 * connections all busy): a 503 the client may retry after a few seconds, not a
 * bug. The pool reconnects by itself once the server answers again.
 */
export class DatabaseUnavailableError extends AppError {
  override name = "DatabaseUnavailableError";
  readonly status = 503;
  readonly code = "DATABASE_UNAVAILABLE";
  constructor() {
    super("The clinic's database is not answering for a moment. Please try again in a few seconds.");
  }

  override headers() {
    return { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) };
  }
}

/** A PostgreSQL restart takes a few seconds; a failover of a managed database tens. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Prisma's codes for "no connection": can't reach (P1001), timed out reaching
// (P1002), socket timeout (P1008), server closed the connection (P1017), no
// pool connection free in time (P2024).
const PRISMA_CONNECTION_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// SQLSTATE: class 08 is "connection exception"; 57P01–57P03 are the server
// shutting down (the administrator's command, a crash) or still starting up.
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[123])$/;
// node-postgres and its pool say so in words, and Node in socket codes.
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
const DRIVER_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * Whether a thrown value means the database is unreachable rather than that
 * the request or the code is wrong, whichever layer it comes from (Prisma's
 * errors, the driver adapter's, node-postgres' own), looking through `cause`s.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === "object" && current !== null && depth < 5; depth += 1) {
    const { code, message, meta, cause } = current as { code?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
    if (typeof code === "string" && (PRISMA_CONNECTION_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code) || SOCKET_CODES.has(code))) return true;
    if (typeof message === "string" && DRIVER_MESSAGES.test(message)) return true;
    if (current instanceof Error && current.name === "PrismaClientInitializationError") return true;
    // The driver adapter's error, as Prisma passes it on: { cause: { kind, originalCode } }.
    const adapterCause = (meta as { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } } | undefined)?.driverAdapterError?.cause;
    if (adapterCause && (typeof adapterCause.originalCode === "string" && SQLSTATE_UNAVAILABLE.test(adapterCause.originalCode))) return true;
    if (adapterCause && (adapterCause.kind === "DatabaseNotReachable" || adapterCause.kind === "ConnectionClosed" || adapterCause.kind === "SocketTimeout")) return true;
    current = cause;
  }
  return false;
}
