import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { routeNamer, routePatternsIn, STATIC_ROUTE, UNMATCHED_ROUTE } from "./route-patterns";

describe("routePatternsIn", () => {
  const appDir = mkdtempSync(path.join(tmpdir(), "routes-"));
  afterAll(() => rmSync(appDir, { recursive: true, force: true }));
  const file = (relative: string) => {
    mkdirSync(path.dirname(path.join(appDir, relative)), { recursive: true });
    writeFileSync(path.join(appDir, relative), "");
  };

  it("lists each folder with a page or route handler, without route groups, slots or private folders, and the files served as they are", () => {
    file("page.tsx");
    file("icon.svg");
    file("public/sw.js");
    file("public/images/logo.png");
    file("api/visits/[appointmentId]/roster/route.ts");
    file("(staff)/admin/users/page.tsx");
    file("physician/@panel/chart/page.tsx");
    file("_components/page.tsx");
    file("layout.tsx");
    file("api/visits/helpers.ts");
    expect(routePatternsIn(appDir, path.join(appDir, "public")).sort()).toEqual([
      "/",
      "/admin/users",
      "/api/visits/[appointmentId]/roster",
      "/icon.svg",
      "/images/logo.png",
      "/physician/chart",
      "/sw.js",
    ]);
  });

  it("finds the app's own routes", () => {
    const patterns = routePatternsIn(path.join(process.cwd(), "app"));
    expect(patterns).toContain("/api/health");
    expect(patterns).toContain("/api/visits/[appointmentId]/note/sign");
    expect(patterns).toContain("/fhir/R4/[type]/[id]");
  });
});

describe("routeNamer", () => {
  const routeOf = routeNamer([
    "/",
    "/api/health",
    "/api/visits/[appointmentId]/note",
    "/api/visits/[appointmentId]/note/sign",
    "/api/auth/[...nextauth]",
    "/fhir/R4/metadata",
    "/fhir/R4/[type]",
    "/fhir/R4/[type]/[id]",
    "/visit/[token]",
    "/docs/[[...slug]]",
  ]);

  it("names a path by its route pattern, never by its ids or tokens", () => {
    expect(routeOf("/api/visits/cm4abc123/note")).toBe("/api/visits/[appointmentId]/note");
    expect(routeOf("/api/visits/cm4abc123/note/sign")).toBe("/api/visits/[appointmentId]/note/sign");
    expect(routeOf("/visit/eyJhbGciOi.secret-token")).toBe("/visit/[token]");
    expect(routeOf("/")).toBe("/");
    expect(routeOf("/api/health")).toBe("/api/health");
  });

  it("prefers a static segment to a dynamic one, as Next does", () => {
    expect(routeOf("/fhir/R4/metadata")).toBe("/fhir/R4/metadata");
    expect(routeOf("/fhir/R4/Patient")).toBe("/fhir/R4/[type]");
    expect(routeOf("/fhir/R4/Patient/123")).toBe("/fhir/R4/[type]/[id]");
  });

  it("matches catch-all segments, the optional one with nothing after it too", () => {
    expect(routeOf("/api/auth/callback/credentials")).toBe("/api/auth/[...nextauth]");
    expect(routeOf("/api/auth")).toBe(UNMATCHED_ROUTE);
    expect(routeOf("/docs")).toBe("/docs/[[...slug]]");
    expect(routeOf("/docs/a/b")).toBe("/docs/[[...slug]]");
  });

  it("puts everything else under two names, so probing paths cannot add series", () => {
    expect(routeOf("/wp-login.php")).toBe(UNMATCHED_ROUTE);
    expect(routeOf("/api/visits/cm4abc123/unknown")).toBe(UNMATCHED_ROUTE);
    expect(routeOf("/_next/static/chunks/app-abc.js")).toBe(STATIC_ROUTE);
  });
});
