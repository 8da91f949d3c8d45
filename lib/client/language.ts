import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/locales";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Keeps the person's choice of language where the server looks first (lib/i18n/request.ts), for a year. */
export function rememberLanguage(locale: Locale): void {
  document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
}
