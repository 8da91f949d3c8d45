import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { Role } from "@/lib/db/generated/enums";
import { SiteFooter } from "./SiteFooter";
import { SiteHeader } from "./SiteHeader";
import { STAFF_AREA_MAIN_WIDTH } from "./StaffArea";

const MAIN_CONTENT_ID = "main-content";

/**
 * The frame around every page: skip link, header with the navigation for the
 * signed-in person's role (`null` for visitors), the page itself, and the footer.
 */
export function AppShell({
  role,
  userName,
  children,
}: {
  role: Role | null;
  userName: string | null;
  children: ReactNode;
}) {
  const t = useTranslations("common");
  return (
    <div className="group/shell flex min-h-dvh flex-col">
      <a
        href={`#${MAIN_CONTENT_ID}`}
        className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:font-medium focus:text-primary-800 focus:shadow-lg"
      >
        {t("skipToMain")}
      </a>
      <SiteHeader role={role} userName={userName} />
      {/* tabIndex lets the skip link move keyboard focus here, not just scroll. Staff areas (their
          layouts wrap their pages in StaffArea) use the whole width, as does a page marked
          data-workspace (the physician's visit: call, chart and note); patients keep a readable column. */}
      <main
        id={MAIN_CONTENT_ID}
        tabIndex={-1}
        className={`mx-auto w-full max-w-5xl flex-1 px-4 py-10 sm:px-6 sm:py-14 ${STAFF_AREA_MAIN_WIDTH} xl:has-[[data-workspace]]:max-w-none xl:has-[[data-workspace]]:py-4 print:max-w-none print:p-0`}
      >
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}
