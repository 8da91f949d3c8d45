import { useLocale, useTranslations } from "next-intl";
import { LOCALES } from "@/lib/i18n/locales";

/**
 * The Section 1557 notice that interpreters are free, in the page's language,
 * with the same line in our other language beneath it for whoever reads that one.
 */
export function LanguageAccessNotice() {
  const t = useTranslations("common");
  const locale = useLocale();
  const other = LOCALES.find((candidate) => candidate !== locale);
  return (
    // A note, not a landmark: the waiting room shows it again inside the visit page.
    <div role="note" aria-label={t("languageAccessLabel")} className="rounded-lg border border-primary-200 bg-primary-50 px-4 py-3 text-slate-800">
      <p className="font-medium">{t("languageAccess")}</p>
      {other && (
        <p lang={other} className="mt-1 text-sm">
          {t("languageAccessOtherLanguage")}
        </p>
      )}
    </div>
  );
}
