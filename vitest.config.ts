import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "test/empty-module.ts"),
};

export const unitProject: TestProjectInlineConfiguration = {
  resolve: { alias },
  test: {
    name: "unit",
    include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"],
    exclude: ["**/*.int.test.ts", "**/*.interaction.test.tsx", "node_modules/**"],
    environment: "node",
    setupFiles: ["test/test-env.ts"],
  },
};

export default defineConfig({
  test: {
    projects: [
      unitProject,
      {
        resolve: { alias },
        test: {
          // The stateful components driven as a user would, in jsdom; only the network is faked (lib/client/testing/fakeServer.ts).
          name: "components",
          include: ["components/**/*.interaction.test.tsx"],
          environment: "jsdom",
          setupFiles: ["test/test-env.ts", "test/components-setup.ts"],
          // A test types and clicks through a whole form in jsdom, which takes seconds on a shared two-core machine.
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["lib/**/*.int.test.ts", "scripts/**/*.int.test.ts"],
          environment: "node",
          globalSetup: ["lib/db/testing/global-setup.ts", "lib/visits/testing/livekit-global-setup.ts", "lib/imaging/testing/orthanc-global-setup.ts"],
          setupFiles: ["test/test-env.ts", "lib/db/testing/worker-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Files share one database; running them one at a time keeps each
          // file's assertions about "what changed" honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
