import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { createPrismaClient, type Database } from "@/lib/db/prisma";
import { createScratchDatabase, type ScratchDatabase } from "@/lib/db/testing/scratch-database";
import { startMailCatcher, type MailCatcher } from "@/lib/mail/catcher";

export interface MailTestSetup {
  db: Database;
  databaseUrl: string;
  /** Where the catcher writes each message, for readMailbox(). */
  mailDir: string;
}

/**
 * For an integration test file of mail the app sends: a migrated scratch
 * database and a local mail catcher the app's SMTP_URL points at, made before
 * the file's tests and removed after. The fields are filled in its beforeAll,
 * which runs before any the file registers after calling this.
 */
export function mailTestSetup(name: string): MailTestSetup {
  const setup = {} as MailTestSetup;
  let database: ScratchDatabase;
  let catcher: MailCatcher;
  beforeAll(async () => {
    database = await createScratchDatabase(inject("postgresServerUrl"), { migrate: true });
    setup.db = createPrismaClient(database.url);
    setup.databaseUrl = database.url;
    setup.mailDir = await mkdtemp(path.join(tmpdir(), `${name}-`));
    catcher = await startMailCatcher({ dir: setup.mailDir });
    process.env.SMTP_URL = catcher.url;
    process.env.APP_URL = "https://clinic.example.test";
  });
  afterAll(async () => {
    await catcher?.stop();
    await rm(setup.mailDir, { recursive: true, force: true });
    await setup.db?.$disconnect();
    await database?.drop();
  });
  return setup;
}
