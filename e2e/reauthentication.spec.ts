import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { REAUTHENTICATION_MAX_AGE_MS } from "@/lib/auth/accounts/reauthentication";
import { encryptSecret, TOTP_SECRET_PURPOSE } from "@/lib/auth/mfa/secret-box";
import { generateTotpSecret } from "@/lib/auth/mfa/totp";
import { DEMO_PASSWORD, DEMO_TOTP_SECRETS } from "@/lib/auth/sign-in/demo-credentials";
import { hashPassword } from "@/lib/auth/sign-in/password";
import type { Database } from "@/lib/db/prisma";
import { expectNoAxeViolations } from "./support/axe";
import { connectToE2eDatabase } from "./support/server-state";
import { freshTotpCode, signInAs, submitPassword, submitTotpCode } from "./support/sign-in";

// Sensitive account changes need the person to have confirmed it's them in the
// last 5 minutes. Rather than wait, these tests move the session's last
// confirmation back in the database, as 5 minutes would.

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(async () => {
  await db.$disconnect();
});

const NEW_PASSWORD = "Lantern-Orchard-Basalt-93";

/** A user of their own for each test, with the demo password, so changing it disturbs no other test. */
async function createAccount(role: "PATIENT" | "SCHEDULER", totpSecret?: string) {
  const email = `reauth-${randomUUID().slice(0, 8)}@example.test`;
  const user = await db.user.create({
    data: {
      email,
      name: "Quinn Example",
      role,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      ...(totpSecret ? { mfaSecret: encryptSecret(totpSecret, TOTP_SECRET_PURPOSE), mfaEnabledAt: new Date() } : {}),
    },
  });
  if (role === "PATIENT") {
    await db.patient.create({
      data: {
        mrn: `MRN-E2E-${randomUUID().slice(0, 8)}`,
        givenName: "Quinn",
        familyName: "Example",
        dateOfBirth: new Date("1990-01-01"),
        sex: "UNKNOWN",
        timeZone: "UTC",
        userId: user.id,
      },
    });
  }
  return user;
}

/** What 5 minutes without confirming would do to the user's open sessions. */
async function letConfirmationLapse(userId: string) {
  await db.session.updateMany({
    where: { userId, revokedAt: null },
    data: { reauthenticatedAt: new Date(Date.now() - REAUTHENTICATION_MAX_AGE_MS - 1000) },
  });
}

const confirmHeading = (page: Page) => page.getByRole("heading", { name: "Confirm it's you" });

test("changing the password asks the patient to confirm it's them once 5 minutes have passed since they signed in", async ({ page }) => {
  const patient = await createAccount("PATIENT");
  await page.goto("/sign-in");
  await submitPassword(page, patient.email);
  await expect(page).toHaveURL("/patient");

  // Just signed in: nothing more to confirm.
  await page.goto("/account/security");
  await expect(page.getByLabel("New password")).toBeVisible();
  await expect(confirmHeading(page)).toHaveCount(0);

  await letConfirmationLapse(patient.id);
  await page.reload();
  await expect(confirmHeading(page)).toBeVisible();
  await expect(page.getByLabel("New password")).toBeHidden();
  await expectNoAxeViolations(page);

  await page.getByLabel("Your password").fill("Not-my-password-77");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("That password is incorrect.")).toBeVisible();
  await expect(page.getByLabel("New password")).toBeHidden();

  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(confirmHeading(page)).toHaveCount(0);
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL("/sign-in?reason=password-changed");

  await submitPassword(page, patient.email, NEW_PASSWORD);
  await expect(page).toHaveURL("/patient");
});

test("a password change sent after the 5 minutes ran out is refused, changes nothing, and asks to confirm", async ({ page }) => {
  const patient = await createAccount("PATIENT");
  await page.goto("/sign-in");
  await submitPassword(page, patient.email);
  await expect(page).toHaveURL("/patient");
  await page.goto("/account/security");
  await page.getByLabel("New password").fill(NEW_PASSWORD);

  await letConfirmationLapse(patient.id);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(confirmHeading(page)).toBeFocused();
  await expect(page.getByRole("alert").filter({ hasText: "For your security, confirm it's you first" })).toBeVisible();
  const stored = await db.user.findUniqueOrThrow({ where: { id: patient.id }, select: { passwordChangedAt: true } });
  expect(stored.passwordChangedAt).toBeNull();
  await page.goto("/patient");
  await expect(page).toHaveURL("/patient");
});

test("new recovery codes ask staff for their password and a code once 5 minutes have passed", async ({ page }) => {
  const secret = generateTotpSecret();
  const scheduler = await createAccount("SCHEDULER", secret);
  await page.goto("/sign-in");
  await submitPassword(page, scheduler.email);
  await submitTotpCode(page, scheduler.email, secret);
  await expect(page).toHaveURL("/scheduler");

  await letConfirmationLapse(scheduler.id);
  await page.goto("/account/security");
  await expect(confirmHeading(page)).toBeVisible();
  await expect(page.getByRole("button", { name: "Get new recovery codes" })).toBeHidden();

  await page.getByLabel("Your password").fill(DEMO_PASSWORD);
  await page.getByLabel("Authentication code").fill(await freshTotpCode(scheduler.email, secret));
  await page.getByRole("button", { name: "Confirm" }).click();

  await page.getByRole("button", { name: "Get new recovery codes" }).click();
  await expect(page.getByRole("heading", { name: /Your new recovery codes/ })).toBeFocused();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await expect(page.getByText("You have 10 unused recovery codes.")).toBeVisible();
  await expectNoAxeViolations(page);
  expect(await db.recoveryCode.count({ where: { userId: scheduler.id, usedAt: null } })).toBe(10);
});

test("resetting someone's two-step verification asks the administrator to confirm it's them once 5 minutes have passed", async ({ page }) => {
  const adminEmail = "admin@demo.clinic";
  const target = await createAccount("SCHEDULER", generateTotpSecret());
  await signInAs(page, adminEmail);
  const admin = await db.user.findUniqueOrThrow({ where: { email: adminEmail }, select: { id: true } });
  await letConfirmationLapse(admin.id);

  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: target.email });
  await row.getByRole("button", { name: `Reset two-step verification for ${target.name}` }).click();
  await row.getByRole("button", { name: "Yes, reset" }).click();
  await expect(row.getByRole("alert")).toContainText("For your security, confirm it's you first");
  expect(await db.user.findUniqueOrThrow({ where: { id: target.id }, select: { mfaEnabledAt: true } })).not.toEqual({ mfaEnabledAt: null });

  await row.getByLabel("Your password").fill(DEMO_PASSWORD);
  await row.getByLabel("Authentication code").fill(await freshTotpCode(adminEmail, DEMO_TOTP_SECRETS[adminEmail]!));
  await row.getByRole("button", { name: "Confirm" }).click();
  await expect(row.getByRole("alert")).toHaveText("Confirmed. Now try again.");
  await expectNoAxeViolations(page);

  await row.getByRole("button", { name: `Reset two-step verification for ${target.name}` }).click();
  await row.getByRole("button", { name: "Yes, reset" }).click();
  await expect(row.getByRole("alert")).toContainText(`Reset two-step verification for ${target.name}.`);
  expect(await db.user.findUniqueOrThrow({ where: { id: target.id }, select: { mfaEnabledAt: true } })).toEqual({ mfaEnabledAt: null });
});
