import "server-only";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { embeddedDatabaseUrl } from "./statements";

// With no DATABASE_URL the app runs on PGlite (Postgres compiled to WASM) served
// on a loopback socket, so the app reaches it through the same `pg` driver and
// Prisma adapter as a production PostgreSQL.

export const DEFAULT_EMBEDDED_DATA_DIR = path.join(process.cwd(), ".data", "pglite");

export interface EmbeddedPostgres {
  url: string;
  stop: () => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** A folder to persist to, or "memory" for a throwaway database. */
  dataDir?: string;
  port?: number;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = options.dataDir ?? DEFAULT_EMBEDDED_DATA_DIR;
  const inMemory = dataDir === "memory";
  const releaseLock = inMemory ? async () => {} : await lockDataDir(dataDir);

  try {
    const db = await PGlite.create({
      ...(inMemory ? {} : { dataDir }),
      extensions: { btree_gist },
    });
    const server = new PGLiteSocketServer({
      db,
      host: "127.0.0.1",
      port: options.port ?? 0,
      maxConnections: 100,
    });
    await server.start();
    const address = server.getServerConn();
    return {
      url: embeddedDatabaseUrl(address),
      stop: async () => {
        await server.stop();
        await db.close();
        await releaseLock();
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

// PGlite is a single process's database: two processes writing one folder would
// corrupt it, so the folder is claimed with a pid file.
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.lock`);
  const holder = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
  if (Number.isInteger(holder) && holder !== process.pid && isProcessAlive(holder)) {
    throw new Error(
      `The embedded database in ${dataDir} is in use by process ${holder}. Stop that process first ` +
        `(for example the running \`npm run dev\`), or set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
  await writeFile(lockFile, String(process.pid));
  return () => rm(lockFile, { force: true });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
