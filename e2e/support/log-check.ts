import { readFile } from "node:fs/promises";
import { logProblems } from "../../lib/observability/log-scan";
import { E2E_APP_LOG } from "../../scripts/support/e2e-run";
import { connectToE2eDatabase } from "./server-state";

/**
 * Playwright's global teardown: the app server's log of the whole run (a copy
 * the e2e server keeps in E2E_APP_LOG) must hold no patient's name, MRN or
 * email, of the demo clinic or made by the tests, and no stack trace for a
 * wrong password. The server is still running, so its database is there.
 */
export default async function checkTheRunsLog(): Promise<void> {
  const text = await readFile(E2E_APP_LOG, "utf8");
  const db = await connectToE2eDatabase();
  try {
    const patients = await db.patient.findMany({ select: { id: true, givenName: true, familyName: true, mrn: true, email: true } });
    const problems = logProblems(text, patients);
    if (problems.length > 0) {
      throw new Error(`The app's log of this run (${E2E_APP_LOG}) holds what it must not:\n${problems.map((problem) => `- ${problem}`).join("\n")}`);
    }
  } finally {
    await db.$disconnect();
  }
}
