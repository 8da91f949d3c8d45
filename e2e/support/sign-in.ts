import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { expect, request, type Page } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_TOTP_SECRETS } from "@/lib/auth/sign-in/demo-credentials";
import { TOTP_STEP_SECONDS, totpCode, totpStep } from "@/lib/auth/mfa/totp";
import { E2E_RUN_DIR } from "../../scripts/support/e2e-run";
import { startAppInstance } from "./app-instance";
import { callAction } from "./server-actions";

const STEP_MS = TOTP_STEP_SECONDS * 1000;
// The server accepts each time step's code once per account, and one step either
// side of now. Tests sign the same people in many times a minute, so each
// sign-in takes the next unused step, waiting only when both are spent. The
// steps used are kept beside the e2e server's state (reset with it), because a
// failed test restarts the worker and would forget them.
const usedStepsFile = path.join(E2E_RUN_DIR, "totp-steps.json");

function readUsedSteps(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(usedStepsFile, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

/** A TOTP code for `secret` that the server has not yet accepted for `email`. */
export async function freshTotpCode(email: string, secret: string): Promise<string> {
  for (;;) {
    const now = Date.now();
    const used = readUsedSteps();
    const step = Math.max(totpStep(now), (used[email] ?? -1) + 1);
    if (step <= totpStep(now) + 1) {
      mkdirSync(E2E_RUN_DIR, { recursive: true });
      writeFileSync(usedStepsFile, JSON.stringify({ ...used, [email]: step }));
      return totpCode(secret, step * STEP_MS);
    }
    await new Promise((resolve) => setTimeout(resolve, STEP_MS - (now % STEP_MS) + 100));
  }
}

/** Fills in and submits the email and password on the sign-in page that is open. */
export async function submitPassword(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Answers the code step of the sign-in page that is open. */
export async function submitTotpCode(page: Page, email: string, secret: string): Promise<void> {
  await page.getByLabel("Authentication code").fill(await freshTotpCode(email, secret));
  await page.getByRole("button", { name: "Verify and sign in" }).click();
}

/**
 * Signs in as a demo account through the sign-in page, answering the code step
 * for staff, and waits until the browser has left the sign-in page.
 */
export async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await submitPassword(page, email);
  const secret = DEMO_TOTP_SECRETS[email];
  if (secret) await submitTotpCode(page, email, secret);
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/**
 * Wrong guesses at `email`'s password through the sign-in form's action, each
 * from another client address, the way a botnet rotates them: sent through an
 * app instance behind a trusted proxy (the e2e server trusts none), whose
 * counts land in the same database, so the browser's own address keeps a clean count.
 */
export async function attackAccount(email: string, guesses: number): Promise<void> {
  const instance = await startAppInstance({ TRUSTED_PROXY_HOPS: "1" });
  const client = await request.newContext({ baseURL: instance.url });
  try {
    for (let guess = 0; guess < guesses; guess++) {
      const address = `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
      const response = await callAction(
        client,
        address,
        "signInAction",
        [{ step: "password", error: null, attempt: 0 }, { email, password: `Guess-${randomBytes(6).toString("hex")}` }],
        { origin: instance.url },
      );
      expect(response.ok()).toBe(true);
    }
  } finally {
    await client.dispose();
    await instance.stop();
  }
}
