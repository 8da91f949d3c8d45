import type { Role } from "@/lib/db/generated/enums";

export interface NavigationItem {
  label: string;
  href: string;
}

/** What each role's part of the app is called, in its navigation label and page headers. */
export const AREA_NAMES: Record<Role, string> = {
  PATIENT: "Patient area",
  PHYSICIAN: "Physician area",
  SCHEDULER: "Scheduler area",
  ADMIN: "Admin area",
};

const PUBLIC_NAVIGATION: NavigationItem[] = [
  { label: "Home", href: "/" },
  { label: "Our physicians", href: "/#our-physicians" },
];

// Only pages that exist are listed; each area gains links as its screens are built.
const AREA_NAVIGATION: Record<Role, NavigationItem[]> = {
  PATIENT: [{ label: "Your visits", href: "/patient" }],
  PHYSICIAN: [{ label: "My day", href: "/physician" }],
  SCHEDULER: [{ label: "Calendar", href: "/scheduler" }],
  ADMIN: [{ label: "Administration", href: "/admin" }],
};

/** The header links for someone in `role`, or for a visitor who is not signed in (`null`). */
export function navigationFor(role: Role | null): NavigationItem[] {
  return role === null ? PUBLIC_NAVIGATION : AREA_NAVIGATION[role];
}
