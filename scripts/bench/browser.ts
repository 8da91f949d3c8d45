// Headless Debian Chromium as the e2e tests drive it, and signing in through
// the real sign-in page (password, then the TOTP step for staff) once per
// account; later browser contexts and HTTP clients reuse that session.
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO_PASSWORD, DEMO_TOTP_SECRETS } from "../../lib/auth/sign-in/demo-credentials";
import { totpCode } from "../../lib/auth/mfa/totp";
import { CHROMIUM_ARGS } from "../support/chromium";
import { onCleanup } from "./cleanup";


export async function launchBrowser(executablePath: string): Promise<Browser> {
  // Playwright's own Ctrl-C handling would exit the process once the browser is closed, before our
  // clean-up (the app, LiveKit, the scratch database) has run; cleanup.ts closes the browser instead.
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanup("Chromium", () => browser.close());
  return browser;
}

/**
 * A context for measuring: signed in as `session`. The functions we evaluate in
 * pages are compiled by tsx (esbuild with keepNames), which wraps named
 * functions in a `__name(fn, "name")` helper that does not exist in the page;
 * a no-op stand-in is installed before any page script runs.
 */
export async function newSignedInContext(browser: Browser, baseUrl: string, session: Session): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, storageState: session.storageState });
  await context.addInitScript("globalThis.__name ??= (target) => target;");
  return context;
}

export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export interface Session {
  email: string;
  storageState: StorageState;
  /** The Cookie header for HTTP clients. */
  cookie: string;
}

/** Signs in through /sign-in in a context of its own and keeps the session. */
export async function signIn(browser: Browser, baseUrl: string, email: string): Promise<Session> {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const secret = DEMO_TOTP_SECRETS[email];
    if (secret) {
      await page.getByLabel("Authentication code").fill(totpCode(secret, Date.now()));
      await page.getByRole("button", { name: "Verify and sign in" }).click();
    }
    try {
      await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"), { timeout: 20_000 });
    } catch {
      const text = (await page.locator("main").innerText().catch(() => "")).slice(0, 400);
      throw new Error(`Signing in as ${email} did not leave the sign-in page: ${text}`);
    }
    const storageState = await context.storageState();
    const cookie = storageState.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    return { email, storageState, cookie };
  } finally {
    await context.close();
  }
}
