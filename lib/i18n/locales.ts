// The languages the patient-facing pages speak, and how a request's language is
// chosen. Kept free of server-only imports: the unit tests and the browser's
// language switcher use it too.

export const LOCALES = ["en", "es"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie a person's own choice of language is kept in (set by the language switcher and at check-in). */
export const LOCALE_COOKIE = "clinic-locale";

/** Each language's name in itself, as the language switcher offers it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", es: "Español" };

/** The region-qualified tag Intl formats with: the clinic is in the US, so Spanish dates read "10:00 a.m. EST". */
export const INTL_LOCALES: Record<Locale, string> = { en: "en-US", es: "es-US" };

/** Set by proxy.ts on page requests: a layout cannot see the path, and a visit link in it names the patient. */
export const PATHNAME_HEADER = "x-pathname";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** "es-MX" → "es"; anything we do not speak → null. */
export function supportedLocaleOf(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(primary) ? primary : null;
}

/**
 * The best of our locales for an Accept-Language header (RFC 9110 §12.5.4):
 * highest q first, ties in the order given; q=0 means "not this one".
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.tag && range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    const locale = supportedLocaleOf(range.tag);
    if (locale) return locale;
  }
  return null;
}

/** What decides a language: the person's switcher cookie, the record's preferred language, the browser's Accept-Language. */
export interface LanguageChoice {
  cookie?: string | null;
  preferred?: string | null;
  acceptLanguage?: string | null;
}

/**
 * The locale of a page: the person's explicit choice (cookie) first, then what
 * the record says they prefer, then their browser's languages, then English.
 */
export function chooseLocale(choice: LanguageChoice): Locale {
  return supportedLocaleOf(choice.cookie) ?? supportedLocaleOf(choice.preferred) ?? localeFromAcceptLanguage(choice.acceptLanguage) ?? DEFAULT_LOCALE;
}

/**
 * What a request's own headers say about its language (the switcher's cookie
 * and Accept-Language), for route handlers, whose language next-intl's request
 * configuration does not choose; the record's preference is the caller's to add.
 */
export function languageChoiceOf(headers: Headers): LanguageChoice {
  const cookie = (headers.get("cookie") ?? "")
    .split(";")
    .map((pair) => pair.trim().split("="))
    .find(([name]) => name === LOCALE_COOKIE)?.[1];
  return { cookie: cookie ?? null, acceptLanguage: headers.get("accept-language") };
}
