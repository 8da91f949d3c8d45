import "server-only";
import type { Locale } from "./locales";

// Messages live in lib/i18n/messages/<locale>/<namespace>.json, one file per
// area of the product, so each area's wording is edited (and translated) on its
// own; a namespace is the file's name. They are imported, not read from disk:
// in the Next build next-intl's loader (next.config.ts) precompiles each file's
// ICU messages, so neither the server nor the browser parses them at run time
// and the browser loads no message parser. Outside Next (the mail worker, tests)
// the same imports give the plain messages, which use-intl parses.

export type Messages = Record<string, Record<string, unknown>>;

/** Every namespace, as named by its file (the typecheck in app-config.d.ts holds the English files to this list's shape). */
export const NAMESPACES = [
  "afterVisitSummary",
  "appointmentLinks",
  "call",
  "checkin",
  "clinical",
  "common",
  "deviceCheck",
  "intake",
  "mail",
  "portal",
  "scheduling",
  "signIn",
  "visit",
  "waitingRoom",
] as const;
export type Namespace = (typeof NAMESPACES)[number];

const loaded = new Map<Locale, Promise<Messages>>();

async function importMessages(locale: Locale): Promise<Messages> {
  const entries = await Promise.all(
    NAMESPACES.map(async (namespace) => {
      const file = (await import(`./messages/${locale}/${namespace}.json`)) as { default: Record<string, unknown> };
      return [namespace, file.default] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** Every namespace of `locale`, imported once per process. */
export function messagesFor(locale: Locale): Promise<Messages> {
  let messages = loaded.get(locale);
  if (!messages) {
    messages = importMessages(locale);
    loaded.set(locale, messages);
  }
  return messages;
}

/** Namespaces rendered on the server only: mail's, and the emailed appointment links'. */
const SERVER_ONLY_NAMESPACES = ["appointmentLinks", "mail"] as const satisfies readonly Namespace[];

/**
 * The namespaces components running in the browser translate from: the only
 * ones the root layout sends inline with every page (every namespace but the
 * server-only ones; client-namespaces.test.ts fails when a browser component
 * needs one of those).
 */
export const CLIENT_NAMESPACES: readonly Namespace[] = NAMESPACES.filter(
  (namespace) => !(SERVER_ONLY_NAMESPACES as readonly Namespace[]).includes(namespace),
);
