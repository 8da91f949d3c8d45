import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import type { Locale } from "../locales";

// Tests render translated components with the real message files, so a test
// that asserts English text asserts what the English page shows.

export const MESSAGES_DIRECTORY = path.join(import.meta.dirname, "..", "messages");

export type NamespaceMessages = Record<string, unknown>;

/** Every namespace of `locale`, keyed by file name. */
export function readMessages(locale: Locale): Record<string, NamespaceMessages> {
  const directory = path.join(MESSAGES_DIRECTORY, locale);
  return Object.fromEntries(
    readdirSync(directory)
      .filter((file) => file.endsWith(".json"))
      .map((file) => [path.basename(file, ".json"), JSON.parse(readFileSync(path.join(directory, file), "utf8")) as NamespaceMessages]),
  );
}

/** `ui` inside the provider the root layout gives every page. */
export function withMessages(ui: ReactNode, locale: Locale = "en"): ReactNode {
  return (
    <NextIntlClientProvider locale={locale} messages={readMessages(locale)} timeZone="UTC">
      {ui}
    </NextIntlClientProvider>
  );
}
