import "server-only";

// What `npm run db:backup` and `npm run db:restore` refuse or fail with. These
// are command-line errors, not HTTP refusals (no AppError): the scripts print
// the message and exit 1; the code tells tests (and scripts around the
// commands) which refusal it was.

export type BackupErrorCode =
  /** No database URL, or BACKUP_ENCRYPTION_KEY missing or not 32 bytes. */
  | "NOT_CONFIGURED"
  /** pg_dump or pg_restore is missing, or older than the server needs. */
  | "POSTGRES_TOOL"
  /** pg_dump or pg_restore ran and failed. */
  | "POSTGRES_TOOL_FAILED"
  /** The file is not a backup this code can read (or its header was cut or damaged). */
  | "NOT_A_BACKUP"
  /** The backup was encrypted with another key. */
  | "WRONG_KEY"
  /** The file changed after it was written: its authentication tag does not hold. */
  | "TAMPERED"
  /** The backup's schema is newer than (or unknown to) this code's migrations. */
  | "SCHEMA_NEWER"
  /** The target database holds tables, or the restoring role cannot own what it restores. */
  | "TARGET_NOT_READY"
  /** The restored database does not match the backup's manifest. */
  | "RESTORE_MISMATCH";

export class BackupError extends Error {
  override name = "BackupError";
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}
