// `npm run db:restore -- <file>`: restores a backup from `npm run db:backup`
// into an empty database, as its owner (MIGRATION_DATABASE_URL, else
// DATABASE_URL), with BACKUP_ENCRYPTION_KEY, then checks the restored database
// against the backup's manifest (lib/db/backup, docs/OPERATIONS.md). Exit
// status 0 restored and verified, 1 refused or failed.
import { commandLine, reportFailure } from "./support/backup-command";
import { restoreBackup } from "../lib/db/backup/restore";

try {
  const { file, url, key } = commandLine("db:restore");
  const { manifest, schema } = await restoreBackup({ url, file, key });
  const rows = Object.values(manifest.rowCounts).reduce((sum, count) => sum + count, 0);
  console.log(
    [
      `Restored the backup of ${manifest.database.name} made ${manifest.createdAt} (version ${manifest.appVersion}, schema ${manifest.schemaVersion}).`,
      `Verified: ${Object.keys(manifest.rowCounts).length} tables with ${rows.toLocaleString("en-US")} rows as the manifest counts them, ` +
        (manifest.auditChain.head
          ? `and the audit trail's chain of ${manifest.auditChain.intact} event(s) up to the manifest's head (event ${manifest.auditChain.head.id}).`
          : "and an empty audit trail, as in the manifest."),
      schema === "older" ? "The backup's schema is older than this code's: run `npm run db:migrate` before starting the app on it." : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
} catch (error) {
  reportFailure("restore", error);
}
