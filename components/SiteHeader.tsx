import { useTranslations } from "next-intl";
import Link from "next/link";
import type { Role } from "@/lib/db/generated/enums";
import { LanguageSwitcher } from "./i18n/LanguageSwitcher";
import { NavigationLink } from "./NavigationLink";
import { RoleNavigation } from "./RoleNavigation";
import { SignOutButton } from "./SignOutButton";
import { STAFF_AREA_BAR_WIDTH } from "./StaffArea";

/** `userName` and `role` are null for visitors who are not signed in. */
export function SiteHeader({ role, userName }: { role: Role | null; userName: string | null }) {
  const t = useTranslations("common");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className={`mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6 ${STAFF_AREA_BAR_WIDTH} xl:group-has-[[data-workspace]]/shell:max-w-none`}>
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href="/" className="flex items-center gap-2 rounded-md py-1 font-semibold text-primary-800">
            <ClinicMark />
            Telemedicine Clinic
          </Link>
          <RoleNavigation role={role} />
        </div>
        <nav aria-label={t("account")} className="flex flex-wrap items-center gap-x-3 gap-y-2">
          {/* Staff pages are English only; patients and visitors choose. */}
          {(role === null || role === "PATIENT") && <LanguageSwitcher />}
          {userName === null ? (
            <NavigationLink href="/sign-in">{t("signIn")}</NavigationLink>
          ) : (
            <>
              <NavigationLink href="/account/security">{t("accountSecurity")}</NavigationLink>
              <SignOutButton userName={userName} />
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

function ClinicMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-7 shrink-0">
      <rect width="24" height="24" rx="6" className="fill-primary-700" />
      <path d="M10.5 6h3v4.5H18v3h-4.5V18h-3v-4.5H6v-3h4.5z" className="fill-white" />
    </svg>
  );
}
