import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import type { Database } from "../lib/db/prisma";
import { callAction } from "./support/server-actions";
import { connectToE2eDatabase } from "./support/server-state";
import { signInAs, submitPassword } from "./support/sign-in";

let db: Database;
test.beforeAll(async () => {
  db = await connectToE2eDatabase();
});
test.afterAll(() => db.$disconnect());

const alexsCompletedAppointment = () =>
  db.appointment.findFirstOrThrow({
    where: { patient: { user: { email: DEMO_PATIENT_EMAIL } }, status: "COMPLETED" },
    select: { id: true },
  });

test("a tampered or forged session cookie signs nobody in", async ({ page, context }) => {
  await signInAs(page, DEMO_PATIENT_EMAIL);
  const { id } = await alexsCompletedAppointment();
  expect((await page.request.get(`/api/visits/${id}/summary`)).status()).toBe(200);

  const [session] = (await context.cookies()).filter((cookie) => cookie.name.includes("session-token"));
  expect(session, "the session cookie").toBeTruthy();
  const flipped = session!.value.slice(0, -6) + (session!.value.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
  for (const value of [flipped, "forged-session-value"]) {
    await context.clearCookies();
    await context.addCookies([{ ...session!, value }]);
    expect((await page.request.get(`/api/visits/${id}/summary`)).status()).toBe(401);
    await page.goto("/patient");
    await expect(page).toHaveURL(/\/sign-in/);
  }
});

test("oversized sign-in fields get the usual refusal, not an error", async ({ page }) => {
  await page.goto("/sign-in");
  for (const label of ["Email address", "Password"]) {
    await page.getByLabel(label).evaluate((input) => input.removeAttribute("maxlength"));
  }
  await submitPassword(page, `${"a".repeat(5000)}@example.test`, "p".repeat(5000));
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
});

test("script typed into a name is stored and shown as text, and an over-long name changes nothing", async ({ page }) => {
  await signInAs(page, "admin@demo.clinic");
  const email = `script.${Date.now()}@example.test`;
  const hostileName = `<img src=x onerror="window.__pwned=1">Eve</b>`;
  await page.goto("/admin/users");
  await page.getByLabel("Full name").fill(hostileName);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role").selectOption("SCHEDULER");
  await page.getByRole("button", { name: /add/i }).click();
  await expect(page.getByRole("cell", { name: hostileName })).toBeVisible();
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await db.user.findUnique({ where: { email }, select: { name: true } })).toEqual({ name: hostileName });

  const usersBefore = await db.user.count();
  const response = await callAction(page.request, "203.0.113.90", "createUserAction", [
    { outcome: null, message: "", attempt: 0 },
    { name: "N".repeat(10_000), email: `long.${Date.now()}@example.test`, role: "SCHEDULER" },
  ]);
  expect(await response.text()).toContain('"outcome":"error"');
  expect(await db.user.count()).toBe(usersBefore);
});
