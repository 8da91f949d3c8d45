import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError } from "@/lib/db/errors";
import { errorPageHtml, errorPageResponse } from "./error-page";

// The page a browser gets when the proxy cannot read its session: the status
// and retry hint of the error, in the visitor's language, nothing of the error's inside.

const request = (path: string, headers: Record<string, string> = {}) => {
  const url = new URL(path, "http://clinic.test");
  return { headers: new Headers(headers), nextUrl: { pathname: url.pathname, search: url.search } };
};

describe("the page answered while the database restarts", () => {
  it("is a 503 HTML page with Retry-After, titled and worded in English by default, offering the same address again", async () => {
    const response = await errorPageResponse(new DatabaseUnavailableError(), request("/physician/visits/abc?tab=labs"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<title>The clinic's system is busy for a moment</title>");
    expect(html).toContain("<h1>The clinic's system is busy for a moment</h1>");
    expect(html).toContain("Nothing you saved is lost.");
    expect(html).toContain('<a href="/physician/visits/abc?tab=labs">Try again</a>');
    expect(html).not.toMatch(/DATABASE_UNAVAILABLE|Prisma|\bat /);
  });

  it("speaks the language the visitor chose, or their browser's", async () => {
    const chosen = await (await errorPageResponse(new DatabaseUnavailableError(), request("/patient", { cookie: "clinic-locale=es", "accept-language": "en-US" }))).text();
    expect(chosen).toContain('<html lang="es">');
    expect(chosen).toContain("<h1>El sistema de la clínica está ocupado por un momento</h1>");
    expect(chosen).toContain(">Intentar de nuevo</a>");
    const browsers = await (await errorPageResponse(new DatabaseUnavailableError(), request("/patient", { "accept-language": "es-MX,es;q=0.9" }))).text();
    expect(browsers).toContain('<html lang="es">');
  });

  it("answers anything else as a 500 page that says something went wrong, without the error's words", async () => {
    const response = await errorPageResponse(new Error("secret detail of a bug"), request("/patient"));
    expect(response.status).toBe(500);
    expect(response.headers.get("retry-after")).toBeNull();
    const html = await response.text();
    expect(html).toContain("<h1>Something went wrong</h1>");
    expect(html).not.toContain("secret detail");
  });

  it("writes what it is given as text, never as markup", () => {
    const html = errorPageHtml({ locale: "en", title: "<script>alert(1)</script>", description: "a & b", tryAgain: "Try", retryHref: '/x"><img src=x onerror=alert(1)>' });
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("a &amp; b");
    expect(html).toContain('href="/x&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });
});
