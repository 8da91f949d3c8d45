import type { Page } from "@playwright/test";

/** On the scheduler's calendar, shows only this physician's columns. */
export async function showOnlyPhysician(page: Page, name: string): Promise<void> {
  const chooser = page.getByRole("group", { name: "Physicians shown" });
  for (const box of await chooser.getByRole("checkbox").all()) await box.setChecked(false);
  await chooser.getByRole("checkbox", { name, exact: true }).check();
}
