import "server-only";
import type { Messages } from "next-intl";
// next-intl's createTranslator is use-intl's: imported from its core, which
// needs no React, because the mail worker also runs outside Next (scripts/).
import { createTranslator } from "use-intl/core";
import { INTL_LOCALES, supportedLocaleOf, DEFAULT_LOCALE } from "./locales";
import { messagesFor } from "./messages";

/**
 * Messages for text made outside a request (mail, calendar files), in a
 * patient's preferred language (Patient.preferredLanguage; English when unset
 * or not one we speak), with the Intl tag their dates are formatted with.
 */
export async function translatorFor<Namespace extends keyof Messages>(preferredLanguage: string | null, namespace: Namespace) {
  const locale = supportedLocaleOf(preferredLanguage) ?? DEFAULT_LOCALE;
  const messages = (await messagesFor(locale)) as unknown as Messages;
  return { t: createTranslator({ locale, messages, namespace }), intlLocale: INTL_LOCALES[locale] };
}
