import "server-only";
import { startEmbeddedPostgres, type EmbeddedPostgresOptions } from "./embedded";

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
}

/** DATABASE_URL when it is set, otherwise the embedded PGlite database. */
export async function openDatabase(embedded: EmbeddedPostgresOptions = {}): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, embedded: false, close: async () => {} };
  const server = await startEmbeddedPostgres(embedded);
  return { url: server.url, embedded: true, close: server.stop };
}
