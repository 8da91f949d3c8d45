import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "../lib/auth/sign-in/demo-credentials";
import { readPdf } from "../lib/pdf/testing/pdf-text";
import { expectNoAxeViolations } from "./support/axe";
import { signInAs } from "./support/sign-in";

// Staff pages on the screens the front desk and administrators use: the whole
// width of a wide screen (patients keep their reading column), no sideways
// scrolling on a laptop, table headers that stay in view, sorting, the printed
// day sheet (a page per physician) and the week's CSV.

const SCHEDULER_EMAIL = "scheduler@demo.clinic";
const ADMIN_EMAIL = "admin@demo.clinic";
const TIME_ZONE = "America/New_York";
const WIDE = { width: 1920, height: 1080 };
const LAPTOP = { width: 1366, height: 768 };

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: WIDE, timezoneId: TIME_ZONE })).newPage();
  await signInAs(page, email);
  return page;
}

/** How wide the page's content is: the main column's first child, inside its padding. */
const contentWidth = (page: Page) => page.locator("main > *").first().evaluate((element) => element.getBoundingClientRect().width);
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

test.describe.serial("staff pages", () => {
  let scheduler: Page;
  let admin: Page;

  test.beforeAll(async ({ browser }) => {
    scheduler = await signedIn(browser, SCHEDULER_EMAIL);
    admin = await signedIn(browser, ADMIN_EMAIL);
  });
  test.afterAll(async () => {
    await scheduler.context().close();
    await admin.context().close();
  });

  test("staff pages use a wide screen and fit a laptop's, while the patient's portal keeps its column", async ({ browser }) => {
    for (const [page, path] of [
      [scheduler, "/scheduler"],
      [admin, "/admin/audit"],
    ] as const) {
      await page.setViewportSize(WIDE);
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await contentWidth(page), `${path} at 1920 px`).toBeGreaterThan(1600);
      // The header follows the same width: the sign-out button sits near the right edge.
      expect((await page.getByRole("button", { name: /Sign out/ }).boundingBox())!.x).toBeGreaterThan(1600);
      await page.setViewportSize(LAPTOP);
      await page.reload();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await scrollsSideways(page), `${path} scrolls sideways at 1366 px`).toBe(false);
    }

    const patient = await (await browser.newContext({ viewport: WIDE })).newPage();
    await signInAs(patient, DEMO_PATIENT_EMAIL);
    await patient.goto("/patient");
    await expect(patient.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await contentWidth(patient)).toBeLessThan(1100);
    await patient.context().close();
  });

  test("the audit trail's header row stays in view as its rows scroll, and both tables sort", async () => {
    await admin.setViewportSize(LAPTOP);
    await admin.goto("/admin/audit");
    const events = admin.getByRole("region", { name: /Audit events/ });
    const timeHeader = events.getByRole("columnheader", { name: /Time/ });
    await expect(timeHeader).toHaveAttribute("aria-sort", "descending");
    const firstRow = events.getByRole("row").nth(1);
    await events.evaluate((element) => element.scrollIntoView({ block: "start" }));
    await events.hover();
    await admin.mouse.wheel(0, 1500);
    await expect(firstRow).not.toBeInViewport();
    await expect(timeHeader).toBeInViewport({ ratio: 1 });

    // Oldest first: the first row is now older than the last.
    await events.getByRole("button", { name: /show oldest first/ }).click();
    await expect(admin).toHaveURL(/order=oldest/);
    await expect(timeHeader).toHaveAttribute("aria-sort", "ascending");
    const times = await events.locator("tbody time").evaluateAll((cells) => cells.map((cell) => Date.parse(cell.getAttribute("datetime")!)));
    expect(times[0]).toBeLessThan(times.at(-1)!);

    await admin.goto("/admin/users");
    const staff = admin.getByRole("region", { name: /Staff accounts/ });
    const names = () => staff.locator("tbody th span:first-child").allTextContents();
    const byName = [...(await names())];
    expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b)));
    await staff.getByRole("button", { name: /^Name\W+sort by name Z to A$/ }).click();
    await expect(staff.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
    expect(await names()).toEqual([...byName].reverse());
    await staff.getByRole("button", { name: /^Name\W+sort by name A to Z$/ }).click();
    await expect(staff.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "ascending");
    expect(await names()).toEqual(byName);
  });

  test("the scheduler prints a day sheet, one page per physician, and downloads the week as CSV", async () => {
    await scheduler.setViewportSize(WIDE);
    await scheduler.goto("/scheduler");
    await scheduler.getByRole("link", { name: "Print day sheet" }).click();
    await expect(scheduler.getByRole("heading", { level: 1 })).toHaveText("Day sheet");
    const physicians = scheduler.getByRole("main").getByRole("heading", { level: 2 });
    const count = await physicians.count();
    expect(count).toBeGreaterThanOrEqual(2);
    await expect(scheduler.getByRole("main").getByText(/^.+\. Times in \w+\/.+\.$/).first()).toBeVisible();
    await expectNoAxeViolations(scheduler);

    await scheduler.emulateMedia({ media: "print" });
    await expect(scheduler.getByRole("navigation").first()).toBeHidden();
    await expect(scheduler.getByRole("button", { name: "Print day sheet" })).toBeHidden();
    await expect(scheduler.getByRole("contentinfo")).toBeHidden();
    await expect(physicians.first()).toBeVisible();
    const pdf = await readPdf(await scheduler.pdf());
    expect(pdf.pages).toBe(count);
    await scheduler.emulateMedia({ media: "screen" });

    // The week's CSV: the same visits the calendar's API lists for that week, in the browser's zone.
    await scheduler.goto("/scheduler");
    const [download] = await Promise.all([scheduler.waitForEvent("download"), scheduler.getByRole("link", { name: "Export week (CSV)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^appointments-week-of-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").trimEnd().split("\r\n");
    expect(rows[0]).toBe("date,start,end,time_zone,physician,patient,visit_type,reason,status");
    const monday = download.suggestedFilename().slice("appointments-week-of-".length, -".csv".length);
    // Midnight starting that Monday in the browser's zone, as the browser reckons it.
    const from = new Date(await scheduler.evaluate((date) => new Date(`${date}T00:00:00`).toISOString(), monday));
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const listed = await scheduler.request.get(`/api/appointments?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString() })}`);
    const { appointments } = (await listed.json()) as { appointments: Array<{ startsAt: string; patientName: string }> };
    const startingInWeek = appointments.filter((appointment) => Date.parse(appointment.startsAt) >= from.getTime());
    expect(startingInWeek.length).toBeGreaterThan(0);
    expect(rows.length - 1).toBe(startingInWeek.length);
    const inZone = (iso: string) =>
      new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
    for (const appointment of startingInWeek) {
      expect(rows.some((row) => row.includes(`,${inZone(appointment.startsAt)},`) && row.includes(appointment.patientName))).toBe(true);
    }
    expect(rows.slice(1).every((row) => /,America\/New_York \(E[SD]T\),/.test(row))).toBe(true);
  });
});
