// `npm run audit:verify`: recomputes the audit trail's hash chain, oldest event
// first, and names the first broken link. Reads MIGRATION_DATABASE_URL, else
// DATABASE_URL, else the embedded database (stop `npm run dev` first).
// Exit status: 0 intact, 1 broken, 2 could not check.
import pg from "pg";
import { describeChainVerification, verifyAuditChain } from "../lib/audit/chain";
import { openOwnerDatabase } from "../lib/db/environment";

try {
  const database = await openOwnerDatabase();
  const client = new pg.Client({ connectionString: database.url });
  try {
    await client.connect();
    const verification = await verifyAuditChain(client);
    console.log(describeChainVerification(verification));
    process.exitCode = verification.broken ? 1 : 0;
  } finally {
    await client.end();
    await database.close();
  }
} catch (error) {
  console.error(`The audit trail could not be checked: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
