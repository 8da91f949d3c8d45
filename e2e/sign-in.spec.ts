import { expect, test, type Page } from "@playwright/test";
import {
  DEMO_ATTACKED_PATIENT_EMAIL,
  DEMO_ATTACKED_STAFF,
  DEMO_PASSWORD,
  DEMO_PATIENT_EMAIL,
  DEMO_TOTP_SECRETS,
  DEMO_UNENROLLED_STAFF_EMAIL,
} from "@/lib/auth/sign-in/demo-credentials";
import { readMailbox } from "@/lib/mail/mailbox";
import { expectNoAxeViolations } from "./support/axe";
import { attackAccount, freshTotpCode, signInAs, submitPassword, submitTotpCode } from "./support/sign-in";

const PHYSICIAN_EMAIL = "maya.lee@demo.clinic";
const SCHEDULER_EMAIL = "scheduler@demo.clinic";
const INCORRECT = "Email or password is incorrect.";
const SLOWED = /too many failed attempts to sign in to this account, so signing in is slowed down/;

async function signInLinkPathFor(email: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const mail = (await readMailbox(process.env.E2E_MAIL_DIR!)).find((message) => message.to.includes(email));
        link = mail?.text.match(/https?:\/\/\S+\/sign-in\/link\/[\w-]+/)?.[0];
        return link;
      },
      { message: `a sign-in link email to ${email}` },
    )
    .toBeTruthy();
  return new URL(link!).pathname;
}

// Within the page: Next's route announcer is an (empty) alert too.
const formAlert = (page: Page) => page.getByRole("main").getByRole("alert");

test("a patient signs in with a password and lands on their visits", async ({ page }) => {
  await signInAs(page, DEMO_PATIENT_EMAIL);

  await expect(page).toHaveURL("/patient");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your visits");
  await expect(page.getByRole("navigation", { name: "Account" }).getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("a physician signs in with a code from their authenticator app", async ({ page }) => {
  await page.goto("/sign-in");
  await submitPassword(page, PHYSICIAN_EMAIL);

  const codeField = page.getByLabel("Authentication code");
  await expect(codeField).toBeFocused();
  await expect(codeField).toHaveAttribute("autocomplete", "one-time-code");
  await expect(codeField).toHaveAttribute("inputmode", "numeric");
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await expect(page.getByLabel("Recovery code")).toBeVisible();
  await page.getByRole("button", { name: "Use your authenticator app instead" }).click();

  await submitTotpCode(page, PHYSICIAN_EMAIL, DEMO_TOTP_SECRETS[PHYSICIAN_EMAIL]!);
  await expect(page).toHaveURL("/physician");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My day");
});

test("a wrong code is refused, and the next right one is accepted", async ({ page }) => {
  const email = "samuel.okafor@demo.clinic";
  await page.goto("/sign-in");
  await submitPassword(page, email);
  await page.getByLabel("Authentication code").fill("000000");
  await page.getByRole("button", { name: "Verify and sign in" }).click();

  await expect(formAlert(page)).toHaveText("That code didn't work. Try again.");
  await submitTotpCode(page, email, DEMO_TOTP_SECRETS[email]!);
  await expect(page).toHaveURL("/physician");
});

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  await page.goto("/sign-in");
  await submitPassword(page, DEMO_PATIENT_EMAIL, "Not-the-right-password-1");
  await expect(formAlert(page)).toHaveText(INCORRECT);

  await submitPassword(page, "nobody.here@demo.clinic", "Not-the-right-password-1");
  await expect(formAlert(page)).toHaveText(INCORRECT);
  await expect(page).toHaveURL(/\/sign-in/);
  await expectNoAxeViolations(page);
});

test("a patient whose account is under attack gets the same answer for the right password, and signs in with a link from their email", async ({ page }) => {
  const email = DEMO_ATTACKED_PATIENT_EMAIL;
  await attackAccount(email, 6);

  await page.goto("/sign-in");
  await submitPassword(page, email);
  const slowed = page.getByRole("main").getByRole("alert").filter({ hasText: SLOWED });
  await expect(slowed).toBeVisible();
  const rightPasswordAnswer = await slowed.textContent();
  await submitPassword(page, email, "Not-the-password-at-all-1");
  await expect(slowed).toHaveText(rightPasswordAnswer!);
  await expect(page).toHaveURL(/\/sign-in/);
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("alert").filter({ hasText: `If ${email} belongs to a patient account` })).toBeVisible();
  const linkPath = await signInLinkPathFor(email);

  await page.goto(linkPath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in with your link");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/patient");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your visits");

  // The link works once.
  await page.context().clearCookies();
  await page.goto(linkPath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link cannot be used");
});

test("a staff member whose account is under attack still signs in with their password and a code", async ({ page }) => {
  const { email, totpSecret } = DEMO_ATTACKED_STAFF;
  await attackAccount(email, 12);

  await page.goto("/sign-in");
  await submitPassword(page, email);
  await expect(page.getByRole("main").getByRole("alert").filter({ hasText: SLOWED })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveValue(DEMO_PASSWORD);
  await page.getByLabel("Authentication code").fill(await freshTotpCode(email, totpSecret));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL("/scheduler");
});

test("signing in returns to the page that asked for it", async ({ page }) => {
  await page.goto("/scheduler");
  await expect(page).toHaveURL("/sign-in?returnTo=%2Fscheduler");

  await submitPassword(page, SCHEDULER_EMAIL);
  await submitTotpCode(page, SCHEDULER_EMAIL, DEMO_TOTP_SECRETS[SCHEDULER_EMAIL]!);
  await expect(page).toHaveURL("/scheduler");
});

test("staff without two-step verification set it up before anything else", async ({ page }) => {
  const email = DEMO_UNENROLLED_STAFF_EMAIL;
  await page.goto("/sign-in");
  await submitPassword(page, email);

  await expect(page).toHaveURL("/account/security");
  await expect(page.getByText("Two-step verification is required for your role.")).toBeVisible();
  await page.goto("/scheduler");
  await expect(page).toHaveURL("/account/security");

  await page.getByRole("button", { name: "Set up two-step verification" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expectNoAxeViolations(page);
  const secret = (await page.getByText("Can't scan it?").locator("code").textContent())!.replace(/\s/g, "");
  await page.getByLabel("6-digit code").fill(await freshTotpCode(email, secret));
  await page.getByRole("button", { name: "Turn on two-step verification" }).click();

  await expect(page.getByRole("heading", { name: /Save your recovery codes/ })).toBeFocused();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  await expect(codes.first()).toHaveText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "I have saved these codes" }).click();
  await expect(page).toHaveURL("/scheduler");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL("/sign-in?reason=signed-out");
  await expect(page.getByText("You have been signed out.")).toBeVisible();

  await submitPassword(page, email);
  await submitTotpCode(page, email, secret);
  await expect(page).toHaveURL("/scheduler");
});

test("a patient may turn on two-step verification but is not asked to", async ({ page }) => {
  await signInAs(page, DEMO_PATIENT_EMAIL);
  await page.goto("/account/security");

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Account security");
  await expect(page.getByText(/Optional, and recommended/)).toBeVisible();
  await expect(page.getByText("Two-step verification is required for your role.")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Set up two-step verification" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("staff are warned before the idle timeout and signed out when it passes", async ({ page }) => {
  await page.clock.install();
  await signInAs(page, SCHEDULER_EMAIL);
  await expect(page).toHaveURL("/scheduler");

  await page.clock.fastForward("14:05");
  const warning = page.getByRole("dialog", { name: "Are you still there?" });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/You'll be signed out in \d+ seconds\./);
  await expect(warning.getByRole("button", { name: "Stay signed in" })).toBeFocused();
  await expectNoAxeViolations(page);

  await warning.getByRole("button", { name: "Stay signed in" }).click();
  await expect(warning).toBeHidden();

  await page.clock.fastForward("14:05");
  await expect(warning).toBeVisible();
  await page.clock.fastForward("01:00");
  await expect(page).toHaveURL("/sign-in?reason=idle");
  await expect(page.getByText("You were signed out after 15 minutes without activity.")).toBeVisible();

  // The sign-out ended the session on the server too.
  await page.goto("/scheduler");
  await expect(page).toHaveURL("/sign-in?returnTo=%2Fscheduler");
});
