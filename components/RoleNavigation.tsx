import { useTranslations } from "next-intl";
import type { Role } from "@/lib/db/generated/enums";
import { AREA_NAMES, navigationFor } from "@/lib/navigation";
import { NavigationLink } from "./NavigationLink";

// What visitors and patients read, in their language; staff areas are English.
const PATIENT_FACING_LINKS: Record<string, "home" | "ourPhysicians" | "yourVisits"> = {
  "/": "home",
  "/#our-physicians": "ourPhysicians",
  "/patient": "yourVisits",
};

export function RoleNavigation({ role }: { role: Role | null }) {
  const t = useTranslations("common.navigation");
  const name = role === null ? t("main") : role === "PATIENT" ? t("patientArea") : AREA_NAMES[role];
  return (
    <nav aria-label={name}>
      <ul className="flex flex-wrap gap-1">
        {navigationFor(role).map((item) => {
          const key = PATIENT_FACING_LINKS[item.href];
          return (
            <li key={item.href}>
              <NavigationLink href={item.href}>{key ? t(key) : item.label}</NavigationLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
