// Whether this code may restore a backup, from the backup's schema version
// (its last applied migration) and this code's migrations. Migration names
// begin with their UTC timestamp, so their order is the names' order.

export type SchemaComparison =
  /** The backup's schema is this code's. */
  | "same"
  /** An older schema of this code's: restorable, then `npm run db:migrate` brings it up to date. */
  | "older"
  /** A migration later than any this code has: restore it with the code that made it. */
  | "newer"
  /** A migration this code does not have, though older than its last (another branch's). */
  | "unknown";

export function compareSchemaVersion(backupVersion: string, codeMigrations: readonly string[]): SchemaComparison {
  const latest = codeMigrations.reduce<string | null>((last, name) => (last === null || name > last ? name : last), null);
  if (backupVersion === latest) return "same";
  if (codeMigrations.includes(backupVersion)) return "older";
  return latest === null || backupVersion > latest ? "newer" : "unknown";
}
