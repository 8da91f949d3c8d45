import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/db/generated/enums";
import { navigationFor, ROLE_HOMES } from "./navigation";

describe("navigationFor", () => {
  it("gives visitors who are not signed in the public links", () => {
    expect(navigationFor(null)).toEqual([
      { label: "Home", href: "/" },
      { label: "Our physicians", href: "/#our-physicians" },
    ]);
  });

  it("gives patients their visits", () => {
    expect(navigationFor("PATIENT")).toEqual([{ label: "Your visits", href: "/patient" }]);
  });

  it("gives physicians their day, their results and tasks inbox, a way to a patient's chart and their own availability", () => {
    expect(navigationFor("PHYSICIAN")).toEqual([
      { label: "My day", href: "/physician" },
      { label: "Results and tasks", href: "/physician/inbox" },
      { label: "Find a patient", href: "/physician/patients" },
      { label: "My availability", href: "/physician/availability" },
    ]);
  });

  it("gives schedulers the calendar and every physician's availability", () => {
    expect(navigationFor("SCHEDULER")).toEqual([
      { label: "Calendar", href: "/scheduler" },
      { label: "Availability", href: "/scheduler/availability" },
    ]);
  });

  it("gives admins the administration area", () => {
    expect(navigationFor("ADMIN")).toEqual([
      { label: "Administration", href: "/admin" },
      { label: "Users", href: "/admin/users" },
      { label: "Access reviews", href: "/admin/reviews" },
      { label: "Licensure", href: "/admin/licensure" },
      { label: "Integrations", href: "/admin/integrations" },
      { label: "Consents", href: "/admin/consents" },
      { label: "Check-in questions", href: "/admin/intake" },
      { label: "Audit trail", href: "/admin/audit" },
    ]);
  });

  it("keeps each role's links inside that role's area, starting with its home", () => {
    for (const [role, home] of Object.entries(ROLE_HOMES) as [Role, string][]) {
      const links = navigationFor(role);
      expect(links[0]?.href, role).toBe(home);
      for (const item of links) {
        expect(item.href === home || item.href.startsWith(`${home}/`), `${role} → ${item.href}`).toBe(true);
      }
    }
  });
});
