/** Where the e2e server listens; playwright.config.ts and tests that build URLs share it. */
export const E2E_PORT = process.env.E2E_PORT ?? "3100";
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
