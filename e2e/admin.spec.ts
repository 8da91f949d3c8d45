import { readFile } from "node:fs/promises";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { readMailbox } from "@/lib/mail/mailbox";
import { expectNoAxeViolations } from "./support/axe";
import { signInAs, submitPassword } from "./support/sign-in";

const ADMIN_EMAIL = "admin@demo.clinic";
const SCHEDULER_EMAIL = "scheduler@demo.clinic";

// One new staff member per run, followed from invitation to being disabled.
const invitee = {
  name: "Riley Tester",
  email: `riley.${Date.now()}@example.test`,
  password: "Violet-Anchor-Meadow-58",
};

async function invitationPathFor(email: string): Promise<string> {
  const mailDir = process.env.E2E_MAIL_DIR!;
  let link: string | undefined;
  await expect
    .poll(async () => {
      const mail = (await readMailbox(mailDir)).find((message) => message.to.includes(email));
      link = mail?.text.match(/https?:\/\/\S+\/invite\/[\w-]+/)?.[0];
      return link;
    }, { message: `an invitation email to ${email}` })
    .toBeTruthy();
  return new URL(link!).pathname;
}

test.describe.serial("administration", () => {
  let admin: Page;
  let inviteeContext: BrowserContext;

  test.beforeAll(async ({ browser }) => {
    admin = await (await browser.newContext()).newPage();
    await signInAs(admin, ADMIN_EMAIL);
  });

  test.afterAll(async () => {
    await admin.context().close();
    await inviteeContext?.close();
  });

  test("the admin home links to users and the audit trail", async () => {
    await admin.goto("/admin");
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Administration");
    const main = admin.getByRole("main");
    await expect(main.getByRole("link", { name: "Users" })).toBeVisible();
    await expect(main.getByRole("link", { name: "Audit trail" })).toBeVisible();
    await expectNoAxeViolations(admin);
  });

  test("an invited scheduler sets a password, signs in, and is asked to set up two-step verification", async ({ browser }) => {
    await admin.goto("/admin/users");
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Users");
    await admin.getByLabel("Role").selectOption("PHYSICIAN");
    await expect(admin.getByLabel("Time zone")).toBeVisible();
    await expectNoAxeViolations(admin);

    await admin.getByLabel("Role").selectOption("SCHEDULER");
    await admin.getByLabel("Full name").fill(invitee.name);
    await admin.getByLabel("Email", { exact: true }).fill(invitee.email);
    await admin.getByRole("button", { name: "Add and send invitation" }).click();
    await expect(admin.getByRole("main").getByRole("alert")).toContainText(`Added ${invitee.name}.`);
    const row = admin.getByRole("row").filter({ hasText: invitee.email });
    await expect(row.getByRole("cell", { name: "Invited, no password yet" })).toBeVisible();

    inviteeContext = await browser.newContext();
    const page = await inviteeContext.newPage();
    await page.goto(await invitationPathFor(invitee.email));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set your password");
    await expect(page.getByLabel("Email address")).toHaveValue(invitee.email);
    await expectNoAxeViolations(page);

    await page.getByLabel("New password", { exact: true }).fill(invitee.password);
    await page.getByLabel("Confirm new password").fill("Something-Else-Entirely-1");
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("The two passwords do not match.");

    await page.getByLabel("New password", { exact: true }).fill(invitee.password);
    await page.getByLabel("Confirm new password").fill(invitee.password);
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    await submitPassword(page, invitee.email, invitee.password);
    await expect(page).toHaveURL("/account/security");
  });

  test("disabling a user ends their session at their next page", async () => {
    await admin.goto("/admin/users");
    const row = admin.getByRole("row").filter({ hasText: invitee.email });
    await expect(row.getByRole("cell", { name: "Active", exact: true })).toBeVisible();
    await row.getByRole("button", { name: `Disable ${invitee.name}` }).click();
    await expect(row.getByRole("button", { name: "Cancel" })).toBeFocused();
    await expectNoAxeViolations(admin);
    await row.getByRole("button", { name: "Yes, disable" }).click();
    await expect(row.getByRole("alert")).toHaveText(`Disabled ${invitee.name}'s account and ended their sessions.`);
    await expect(row.getByRole("cell", { name: "Disabled", exact: true })).toBeVisible();
    await expect(row.getByRole("button", { name: `Enable ${invitee.name}` })).toBeVisible();

    const inviteePage = inviteeContext.pages()[0]!;
    await inviteePage.goto("/account/security");
    await expect(inviteePage).toHaveURL(/\/sign-in/);
  });

  test("the audit trail filters by action and shows those events", async () => {
    await admin.goto("/admin/audit");
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Audit trail");
    await expectNoAxeViolations(admin);

    await admin.getByLabel("Action starts with").fill("user.");
    await admin.getByLabel("User (ID or email)").fill(ADMIN_EMAIL);
    await admin.getByRole("button", { name: "Apply filters" }).click();
    await expect(admin).toHaveURL(/[?&]action=user\./);

    const table = admin.getByRole("table", { name: "Audit events, newest first" });
    await expect(table.getByRole("row").filter({ hasText: "user.disable" }).first()).toBeVisible();
    await expect(table.getByRole("row").filter({ hasText: "user.create" }).first()).toBeVisible();
    const actions = await table.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(actions.every((action) => action.startsWith("user."))).toBe(true);
    await expectNoAxeViolations(admin);

    await admin.goto("/admin/audit?outcome=MAYBE");
    await expect(admin.getByRole("main").getByRole("alert")).toContainText("The outcome must be allowed or denied.");
    await expect(admin.getByRole("table")).toHaveCount(0);
  });

  test("the filtered audit trail downloads as CSV with a header row", async () => {
    await admin.goto("/admin/audit?action=user.");
    const downloading = admin.waitForEvent("download");
    await admin.getByRole("link", { name: "Download as CSV" }).click();
    const download = await downloading;

    expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(
      "id,occurred_at,actor_id,actor_email,actor_role,action,outcome,break_glass,reason,patient_id,resource_type,resource_id,ip,user_agent",
    );
    expect(lines.some((line) => line.includes(",user.disable,"))).toBe(true);
  });
});

test("a scheduler is refused the admin pages and the export, and so is a visitor", async ({ page, request }) => {
  expect((await request.get("/api/admin/audit/export")).status()).toBe(401);

  await signInAs(page, SCHEDULER_EMAIL);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have access to this page");
  expect((await page.request.get("/api/admin/audit/export")).status()).toBe(403);
});
