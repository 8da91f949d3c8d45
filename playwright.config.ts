import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL } from "./e2e/support/base-url";
import { E2E_PRIVACY_OFFICER_EMAIL } from "./e2e/support/privacy-officer";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./scripts/support/chromium";
import { E2E_RUN_DIR } from "./scripts/support/e2e-run";

const baseURL = E2E_BASE_URL;
// The e2e server's mail catcher writes here; tests read invitations from it.
process.env.E2E_MAIL_DIR = path.join(E2E_RUN_DIR, "mail");
// Links the tests make through lib/ (visit links, guest links) point at the e2e server, as its own do.
process.env.APP_URL = baseURL;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  // The app's log of the run: no patient data, no stack trace for a wrong password.
  globalTeardown: "./e2e/support/log-check.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    command: "npx tsx --conditions=react-server scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // Tests run with the react-server condition so they can import lib/ modules
    // (which are server-only); Next must not inherit it.
    env: { NODE_OPTIONS: "", PRIVACY_OFFICER_EMAIL: E2E_PRIVACY_OFFICER_EMAIL },
    // Seconds normally: `npm run test:e2e` and .ci/run build the local LiveKit
    // server first. Run directly on a fresh clone, the server builds it (minutes).
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
