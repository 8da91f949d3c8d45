import path from "node:path";

/** Where the e2e server leaves what the tests need to see: its database URL and caught mail. */
export const E2E_RUN_DIR = path.join(process.cwd(), ".data", "e2e");
export const e2eServerStateFile = path.join(E2E_RUN_DIR, "server.json");

/** A copy of the e2e app server's log (JSON lines), read by the log check at the end of the run. */
export const E2E_APP_LOG = path.join(E2E_RUN_DIR, "app.log");
