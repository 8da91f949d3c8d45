import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Fails the test with one readable line per violation and the elements it found, if axe finds any. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // After a client-side navigation Next streams the new page's metadata: for a moment the document
  // has no <title> (axe's document-title failed once in CI that way). Check the page once it has one;
  // a page that never gets a title still fails, here.
  await expect(page, `the document's title on ${page.url()}`).toHaveTitle(/\S/);
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const report = violations.map((violation) => {
    const targets = violation.nodes.map((node) => `    ${node.target.join(" ")}`).join("\n");
    return `${violation.id} (${violation.impact ?? "unknown impact"}): ${violation.help}\n${targets}`;
  });
  expect(report, `Accessibility violations on ${page.url()}`).toEqual([]);
}
