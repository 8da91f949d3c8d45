// `npm run db:backup -- <file>`: an encrypted pg_dump of the database with its
// manifest (lib/db/backup, docs/OPERATIONS.md). Reads MIGRATION_DATABASE_URL
// (the tables' owner, which may read every table and sequence), else
// DATABASE_URL, and BACKUP_ENCRYPTION_KEY. Exit status 0 written, 1 not.
import { commandLine, reportFailure } from "./support/backup-command";
import { createBackup } from "../lib/db/backup/backup";

try {
  const { file, url, key } = commandLine("db:backup");
  const manifest = await createBackup({ url, file, key });
  const rows = Object.values(manifest.rowCounts).reduce((sum, count) => sum + count, 0);
  console.log(
    [
      `Backed up ${manifest.database.name} (PostgreSQL ${manifest.database.serverVersion}, schema ${manifest.schemaVersion}) to ${file}:`,
      `  ${Object.keys(manifest.rowCounts).length} tables, ${rows.toLocaleString("en-US")} rows, written by pg_dump ${manifest.pgDumpVersion}.`,
      manifest.auditChain.head
        ? `  Audit trail: ${manifest.auditChain.intact} event(s), head event ${manifest.auditChain.head.id}, hash ${manifest.auditChain.head.hash}.`
        : "  Audit trail: empty.",
    ].join("\n"),
  );
  if (manifest.auditChain.broken) {
    console.warn(
      `Warning: the audit trail's chain is broken at event ${manifest.auditChain.broken.id} (${manifest.auditChain.broken.problem}); ` +
        "the backup records it as it is. Run `npm run audit:verify` and investigate.",
    );
  }
} catch (error) {
  reportFailure("backup", error);
}
