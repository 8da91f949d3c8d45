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

/** Where each role lands after signing in: the first page of its area. */
export const ROLE_HOMES: Record<Role, string> = {
  PATIENT: "/patient",
  PHYSICIAN: "/physician",
  SCHEDULER: "/scheduler",
  ADMIN: "/admin",
};

const PUBLIC_NAVIGATION: NavigationItem[] = [
  { label: "Home", href: "/" },
  { label: "Our physicians", href: "/#our-physicians" },
];

// Only pages that exist are listed; each area gains links as its screens are built.
const AREA_NAVIGATION: Record<Role, NavigationItem[]> = {
  PATIENT: [{ label: "Your visits", href: ROLE_HOMES.PATIENT }],
  PHYSICIAN: [
    { label: "My day", href: ROLE_HOMES.PHYSICIAN },
    { label: "Results and tasks", href: "/physician/inbox" },
    { label: "Find a patient", href: "/physician/patients" },
    { label: "My availability", href: "/physician/availability" },
  ],
  SCHEDULER: [
    { label: "Calendar", href: ROLE_HOMES.SCHEDULER },
    { label: "Availability", href: "/scheduler/availability" },
  ],
  ADMIN: [
    { label: "Administration", href: ROLE_HOMES.ADMIN },
    { label: "Users", href: "/admin/users" },
    { label: "Access reviews", href: "/admin/reviews" },
    { label: "Licensure", href: "/admin/licensure" },
    { label: "Integrations", href: "/admin/integrations" },
    { label: "Consents", href: "/admin/consents" },
    { label: "Check-in questions", href: "/admin/intake" },
    { label: "Audit trail", href: "/admin/audit" },
  ],
};

/** The header links for someone in `role`, or for a visitor who is not signed in (`null`). */
export function navigationFor(role: Role | null): NavigationItem[] {
  return role === null ? PUBLIC_NAVIGATION : AREA_NAVIGATION[role];
}
