import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { chooseLocale, isLocale, LOCALE_COOKIE } from "./locales";
import { messagesFor } from "./messages";

// next-intl's per-request configuration (wired in next.config.ts). URLs carry
// no locale: a page for a known patient passes their preferred language as
// requestLocale (getTranslations({ locale }) / setRequestLocale); otherwise
// the person's own choice, then the browser's languages, decide.
export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const [cookieStore, requestHeaders] = await Promise.all([cookies(), headers()]);
  const locale = isLocale(requested)
    ? requested
    : chooseLocale({ cookie: cookieStore.get(LOCALE_COOKIE)?.value, acceptLanguage: requestHeaders.get("accept-language") });
  return { locale, messages: await messagesFor(locale), timeZone: "UTC" };
});
