// The languages a patient may choose at check-in, by BCP 47 code: English,
// Spanish and the languages most often spoken at home in the US after them
// (Census ACS), plus ASL. Names are the language's own, so a patient finds
// theirs whatever language the page is in. Kept free of server-only imports:
// the check-in form lists them too.

export const LANGUAGES = {
  en: "English",
  es: "Español",
  zh: "中文",
  tl: "Tagalog",
  vi: "Tiếng Việt",
  ar: "العربية",
  fr: "Français",
  ko: "한국어",
  ru: "Русский",
  ht: "Kreyòl ayisyen",
  pt: "Português",
  de: "Deutsch",
  hi: "हिन्दी",
  pl: "Polski",
  ja: "日本語",
  fa: "فارسی",
  ur: "اردو",
  so: "Soomaali",
  am: "አማርኛ",
  ase: "American Sign Language",
} as const;

export type LanguageCode = keyof typeof LANGUAGES;

export const LANGUAGE_CODES = Object.keys(LANGUAGES) as LanguageCode[];

export function isLanguageCode(code: string): code is LanguageCode {
  return Object.hasOwn(LANGUAGES, code);
}

export function languageName(code: string): string {
  return isLanguageCode(code) ? LANGUAGES[code] : code;
}
