import { expect, test } from "@playwright/test";
import { DEMO_PATIENT_EMAIL } from "@/lib/auth/sign-in/demo-credentials";
import { expectNoAxeViolations } from "./support/axe";
import { signInAs } from "./support/sign-in";

const AREAS = [
  { email: DEMO_PATIENT_EMAIL, path: "/patient", heading: "Your visits", navigation: "Patient area" },
  { email: "maya.lee@demo.clinic", path: "/physician", heading: "My day", navigation: "Physician area" },
  { email: "scheduler@demo.clinic", path: "/scheduler", heading: "Calendar", navigation: "Scheduler area" },
  { email: "admin@demo.clinic", path: "/admin", heading: "Administration", navigation: "Admin area" },
];

test("the landing page says what the product is and lists the clinic's physicians", async ({ page }) => {
  await page.goto("/");

  await expect(page).toHaveTitle("Telemedicine Clinic");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Secure video visits, with the chart and the note side by side",
  );
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Our physicians" })).toBeVisible();

  const directory = page.getByRole("region", { name: "Our physicians" });
  const mayaLee = directory.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Maya Lee" }) });
  await expect(mayaLee).toBeVisible();
  await expect(mayaLee).toContainText(/family medicine/i);
  await expect(mayaLee).toContainText("Eastern Time");

  await expectNoAxeViolations(page);
});

test("the areas need signing in: the landing page's links lead to the sign-in page", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Go to my day" }).click();

  await expect(page).toHaveURL("/sign-in?returnTo=%2Fphysician");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await expect(page).toHaveTitle("Sign in · Telemedicine Clinic");
  await expectNoAxeViolations(page);
});

for (const area of AREAS) {
  test(`the ${area.navigation.toLowerCase()} opens after signing in and shows its navigation`, async ({ page }) => {
    await signInAs(page, area.email);

    await expect(page).toHaveURL(area.path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(area.heading);
    await expect(page).toHaveTitle(`${area.heading} · Telemedicine Clinic`);
    const currentPageLink = page.getByRole("navigation", { name: area.navigation }).getByRole("link", { name: area.heading });
    await expect(currentPageLink).toBeVisible();
    await expect(currentPageLink).toHaveAttribute("aria-current", "page");

    await expectNoAxeViolations(page);
  });
}

test("another role's area answers 403 with a page saying so", async ({ page }) => {
  await signInAs(page, DEMO_PATIENT_EMAIL);
  const response = await page.goto("/admin");

  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have access to this page");
  await expectNoAxeViolations(page);
});

test("an unknown address shows the not-found page with HTTP 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");

  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL("/");
});

test("the skip link takes keyboard users past the header to the main content", async ({ page }) => {
  await page.goto("/");

  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to main content" });
  await expect(skipLink).toBeFocused();
  await expect(skipLink).toBeVisible();

  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();

  // The next Tab continues inside the page, not back in the header.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Go to your visits" })).toBeFocused();
});

test("pages, APIs and static files carry the security headers; only a page's script policy has a nonce, new each time", async ({ page, request }) => {
  const first = await page.goto("/");
  const pageHeaders = first!.headers();
  const scriptPolicy = (policy: string) => policy.split("; ").find((directive) => directive.startsWith("script-src "));
  expect(scriptPolicy(pageHeaders["content-security-policy"]!)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'$/);
  const again = (await page.reload())!.headers()["content-security-policy"]!;
  expect(scriptPolicy(again)).not.toBe(scriptPolicy(pageHeaders["content-security-policy"]!));

  const api = await request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  const script = page.locator("script[src^='/_next/static/']").first();
  const asset = await request.get((await script.getAttribute("src"))!);
  expect(asset.ok()).toBe(true);

  for (const headers of [pageHeaders, api.headers(), asset.headers()]) {
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["permissions-policy"]).toContain("camera=(self)");
  }
});
