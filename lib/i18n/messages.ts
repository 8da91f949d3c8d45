import "server-only";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Locale } from "./locales";

// Messages live in lib/i18n/messages/<locale>/<namespace>.json, one file per
// area of the product, so each area's wording is edited (and translated) on its
// own; a namespace is the file's name.

export type Messages = Record<string, Record<string, unknown>>;

const MESSAGES_DIRECTORY = path.join(process.cwd(), "lib", "i18n", "messages");
const loaded = new Map<Locale, Promise<Messages>>();

async function readMessages(locale: Locale): Promise<Messages> {
  const directory = path.join(MESSAGES_DIRECTORY, locale);
  const files = (await readdir(directory)).filter((file) => file.endsWith(".json")).sort();
  const entries = await Promise.all(
    files.map(async (file) => [path.basename(file, ".json"), JSON.parse(await readFile(path.join(directory, file), "utf8"))] as const),
  );
  return Object.fromEntries(entries);
}

/** Every namespace of `locale`, read once per process. */
export function messagesFor(locale: Locale): Promise<Messages> {
  let messages = loaded.get(locale);
  if (!messages) {
    messages = readMessages(locale);
    loaded.set(locale, messages);
  }
  return messages;
}
