// @ts-check
// `npm run test:mutation`: how many deliberate breakages of the rules that
// matter most the unit tests notice. Not part of `npm test` (it takes minutes);
// the scores are recorded in docs/TESTING.md.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  mutate: [
    "lib/auth/policy.ts",
    "lib/scheduling/slots.ts",
    "lib/scheduling/zoned-time.ts",
    "lib/chart/prescription-rules.ts",
    "lib/notes/note-rules.ts",
  ],
  // Each mutant runs only the tests that reached it in the first, instrumented run.
  coverageAnalysis: "perTest",
  reporters: ["clear-text", "progress", "html", "json"],
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: ".cache/stryker-tmp",
  incremental: false,
};

export default config;
