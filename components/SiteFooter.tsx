import { useTranslations } from "next-intl";
import { STAFF_AREA_BAR_WIDTH } from "./StaffArea";

export function SiteFooter() {
  const t = useTranslations("common");
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className={`mx-auto max-w-5xl space-y-1 px-4 py-6 text-sm text-slate-600 sm:px-6 ${STAFF_AREA_BAR_WIDTH}`}>
        <p>
          <strong className="font-semibold text-slate-800">{t("notForEmergencies")}</strong> {t("emergency")}
        </p>
        <p>{t("license")}</p>
      </div>
    </footer>
  );
}
