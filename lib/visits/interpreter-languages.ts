// The languages an interpreter can be invited for, as BCP 47 tags: the most
// spoken languages other than English in the US (Census ACS), American Sign
// Language, and Spanish first because most requests are for it.

export const INTERPRETER_LANGUAGES = [
  "es",
  "cmn",
  "yue",
  "vi",
  "tl",
  "ar",
  "fr",
  "ht",
  "ko",
  "ru",
  "pt",
  "de",
  "pl",
  "it",
  "hi",
  "ur",
  "bn",
  "pa",
  "fa",
  "ja",
  "so",
  "am",
  "hmn",
  "ne",
  "ase",
] as const;

export type InterpreterLanguage = (typeof INTERPRETER_LANGUAGES)[number];

const namesByLocale = new Map<string, Intl.DisplayNames>();

/** "Spanish", "American Sign Language": the language's name, in English unless `locale` says otherwise ("español"). */
export function languageName(tag: string, locale = "en"): string {
  let names = namesByLocale.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
    namesByLocale.set(locale, names);
  }
  return names.of(tag) ?? tag;
}

/** "Interpreter (Spanish)": how an interpreter is labelled in the call, the lists and the note. */
export function interpreterLabel(language: string | null | undefined): string {
  return language ? `Interpreter (${languageName(language)})` : "Interpreter";
}
