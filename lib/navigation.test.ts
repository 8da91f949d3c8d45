import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/db/generated/enums";
import { navigationFor } from "./navigation";

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

  it("gives physicians their day", () => {
    expect(navigationFor("PHYSICIAN")).toEqual([{ label: "My day", href: "/physician" }]);
  });

  it("gives schedulers the calendar", () => {
    expect(navigationFor("SCHEDULER")).toEqual([{ label: "Calendar", href: "/scheduler" }]);
  });

  it("gives admins the administration area", () => {
    expect(navigationFor("ADMIN")).toEqual([{ label: "Administration", href: "/admin" }]);
  });

  it("keeps each role's links inside that role's area", () => {
    const areas: [Role, string][] = [
      ["PATIENT", "/patient"],
      ["PHYSICIAN", "/physician"],
      ["SCHEDULER", "/scheduler"],
      ["ADMIN", "/admin"],
    ];
    for (const [role, area] of areas) {
      for (const item of navigationFor(role)) {
        expect(item.href === area || item.href.startsWith(`${area}/`), `${role} → ${item.href}`).toBe(true);
      }
    }
  });
});
