"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { rememberLanguage } from "@/lib/client/language";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";

/**
 * English / Español, each named in its own language. Choosing one keeps the
 * choice in the cookie the server reads first (lib/i18n/request.ts) and renders
 * the page again in it, without a full reload that would drop a call.
 */
export function LanguageSwitcher() {
  const t = useTranslations("common");
  const current = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(locale: Locale) {
    rememberLanguage(locale);
    startTransition(() => router.refresh());
  }

  return (
    <div role="group" aria-label={t("languageSwitcher")} className="flex items-center gap-1" aria-busy={pending}>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === current}
          onClick={() => choose(locale)}
          className="min-h-11 rounded-md px-3 font-medium text-primary-800 underline-offset-4 hover:underline aria-pressed:bg-primary-50 aria-pressed:no-underline"
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </div>
  );
}
