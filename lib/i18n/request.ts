import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { currentSessionUser } from "@/lib/auth/sessions/auth";
import { isStaffRole } from "@/lib/auth/sessions/sessions";
import { chooseLocale, DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, PATHNAME_HEADER, supportedLocaleOf } from "./locales";
import { messagesFor } from "./messages";
import { preferredLanguageOfRequest } from "./patient-language";

// next-intl's per-request configuration (wired in next.config.ts). URLs carry
// no locale. Staff pages are English. Otherwise the person's own choice
// (cookie), then the preferred language of the patient the page is for, then
// the browser's languages decide; the whole page (and <html lang>) follows.
export default getRequestConfig(async ({ requestLocale }) => {
  const locale = await requestedOrChosenLocale(await requestLocale);
  return { locale, messages: await messagesFor(locale), timeZone: "UTC" };
});

async function requestedOrChosenLocale(requested: string | undefined) {
  if (isLocale(requested)) return requested;
  const [cookieStore, requestHeaders, user] = await Promise.all([cookies(), headers(), currentSessionUser()]);
  if (user && isStaffRole(user.role)) return DEFAULT_LOCALE;
  const cookie = cookieStore.get(LOCALE_COOKIE)?.value;
  const preferred = supportedLocaleOf(cookie) ? null : await preferredLanguageOfRequest(user, requestHeaders.get(PATHNAME_HEADER));
  return chooseLocale({ cookie, preferred, acceptLanguage: requestHeaders.get("accept-language") });
}
