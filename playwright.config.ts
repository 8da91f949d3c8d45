import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL } from "./e2e/support/base-url";
import { E2E_RUN_DIR } from "./scripts/support/e2e-run";

const baseURL = E2E_BASE_URL;
// The e2e server's mail catcher writes here; tests read invitations from it.
process.env.E2E_MAIL_DIR = path.join(E2E_RUN_DIR, "mail");

// Debian's Chromium, never a downloaded browser. The fake-device flags give every
// page a live camera and microphone for the visit tests, and the autoplay policy
// lets remote audio and video play without a click.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: chromiumArgs,
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
    env: { NODE_OPTIONS: "" },
    // Seconds normally: `npm run test:e2e` and .ci/run build the local LiveKit
    // server first. Run directly on a fresh clone, the server builds it (minutes).
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
