import { defineConfig } from "vitest/config";
import { unitProject } from "./vitest.config";

// Stryker's vitest runner loads every project of the config it is given; this
// one holds the unit project alone, so a mutation run never starts the
// integration suite's PostgreSQL and LiveKit servers.
export default defineConfig({ test: { projects: [unitProject] } });
