import { expect, type Page } from "@playwright/test";
import type { Database } from "../../lib/db/prisma";

// The physician's chart panel and the note editor in it, as tests of the
// visit page find them.

export function chartPanel(page: Page) {
  return page.getByRole("complementary", { name: "Patient chart" });
}

export async function openChartTab(page: Page, name: "Summary" | "Check-in" | "Prescriptions" | "Labs" | "History" | "Imaging") {
  await chartPanel(page).getByRole("tab", { name }).click();
  await expect(chartPanel(page).getByRole("tab", { name })).toHaveAttribute("aria-selected", "true");
}

/**
 * The note, ready to type. The tests' screen is 1280 px wide, where the note
 * sits beside the chart's tabs (the physician's workspace) rather than in a tab of its own.
 */
export async function showNote(page: Page) {
  await expect(chartPanel(page).getByRole("tab", { name: "Note" })).toHaveCount(0);
  await expect(chartPanel(page).getByRole("heading", { name: "Consultation note" })).toBeVisible();
}

/** The editor's save status line. */
export function noteStatus(page: Page) {
  return chartPanel(page).getByRole("status").filter({ hasText: /^(Saving…|Saved \d\d:\d\d|Offline – saved on this device|Not saved)/ });
}

/** The visit's note as the database holds it, with its addenda. */
export async function savedNote(db: Database, appointmentId: string) {
  return db.consultationNote.findFirst({
    where: { visit: { appointmentId } },
    include: { addenda: true },
  });
}
