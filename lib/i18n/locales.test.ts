import { describe, expect, it } from "vitest";
import { chooseLocale, languageChoiceOf, localeFromAcceptLanguage, supportedLocaleOf } from "./locales";

describe("supportedLocaleOf", () => {
  it("reduces a regional tag to the language we speak", () => {
    expect(supportedLocaleOf("es-MX")).toBe("es");
    expect(supportedLocaleOf("EN_us")).toBe("en");
  });
  it("answers null for languages we do not speak and for nothing", () => {
    expect(supportedLocaleOf("fr-FR")).toBeNull();
    expect(supportedLocaleOf("")).toBeNull();
    expect(supportedLocaleOf(undefined)).toBeNull();
  });
});

describe("localeFromAcceptLanguage", () => {
  it("takes the highest-weighted language we speak", () => {
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,es;q=0.8,en;q=0.7")).toBe("es");
    expect(localeFromAcceptLanguage("en;q=0.5, es-419;q=0.6")).toBe("es");
  });
  it("keeps the header's order between equal weights", () => {
    expect(localeFromAcceptLanguage("es, en")).toBe("es");
    expect(localeFromAcceptLanguage("en, es")).toBe("en");
  });
  it("skips languages refused with q=0 and answers null when nothing matches", () => {
    expect(localeFromAcceptLanguage("es;q=0, en;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage("de, fr")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });
});

describe("chooseLocale", () => {
  it("prefers the person's own choice, then the record, then the browser", () => {
    expect(chooseLocale({ cookie: "en", preferred: "es", acceptLanguage: "es" })).toBe("en");
    expect(chooseLocale({ cookie: null, preferred: "es", acceptLanguage: "en" })).toBe("es");
    expect(chooseLocale({ cookie: "xx", preferred: null, acceptLanguage: "es-ES" })).toBe("es");
  });
  it("falls back to English", () => {
    expect(chooseLocale({})).toBe("en");
  });
});

describe("languageChoiceOf", () => {
  it("reads the switcher's cookie among the others, and the browser's languages", () => {
    const headers = new Headers({ cookie: "authjs.session-token=abc; clinic-locale=es; other=1", "accept-language": "en-US,en;q=0.9" });
    expect(languageChoiceOf(headers)).toEqual({ cookie: "es", acceptLanguage: "en-US,en;q=0.9" });
  });
  it("says nothing when the request does not", () => {
    expect(languageChoiceOf(new Headers({ cookie: "not-clinic-locale=es" }))).toEqual({ cookie: null, acceptLanguage: null });
  });
});
