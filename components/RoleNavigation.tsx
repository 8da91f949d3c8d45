import type { Role } from "@/lib/db/generated/enums";
import { AREA_NAMES, navigationFor } from "@/lib/navigation";
import { NavigationLink } from "./NavigationLink";

export function RoleNavigation({ role }: { role: Role | null }) {
  return (
    <nav aria-label={role === null ? "Main" : AREA_NAMES[role]}>
      <ul className="flex flex-wrap gap-1">
        {navigationFor(role).map((item) => (
          <li key={item.href}>
            <NavigationLink href={item.href}>{item.label}</NavigationLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
