import { useLocale } from "next-intl";
import { INTL_LOCALES } from "@/lib/i18n/locales";

/** The tag to hand Intl for the page's language ("es-US"), so dates read as the rest of the page. */
export function useIntlLocale(): string {
  return INTL_LOCALES[useLocale()];
}
