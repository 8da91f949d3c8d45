import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../scripts/support/chromium";
import { CLUSTER_PORTS } from "../scripts/support/cluster/layout";

// `npm run test:cluster`: the app as a clinic group runs it (scripts/cluster.ts),
// started by the global setup unless one is already running. Not part of
// `npm test`: it runs two production app instances, two LiveKit nodes,
// PostgreSQL, Redis and HAProxy at once.
export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  globalSetup: "./global-setup.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  timeout: 180_000,
  // Two production instances, two LiveKit nodes and several browsers share the machine: a sign-in's password hash takes seconds.
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://127.0.0.1:${CLUSTER_PORTS.app}`,
    trace: "retain-on-failure",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"] } }],
});
