import "server-only";
import { chooseLocale, languageChoiceOf } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translator";
import { log } from "@/lib/observability/log";
import { asAppError } from "./route-errors";

/**
 * What a browser asking for a page gets when the proxy fails before any page
 * code runs (the session lookup meeting a database that is restarting): an
 * HTML page in the visitor's language with the error's status and headers
 * (503 and Retry-After for the database), never the API's JSON. It needs
 * nothing that could be down: no database, no React, no layout.
 */
export async function errorPageResponse(error: unknown, request: { headers: Headers; nextUrl: { pathname: string; search: string } }): Promise<Response> {
  const refusal = asAppError(error);
  if (!refusal) log.error({ err: error }, "unexpected error answered with 500");
  const status = refusal?.status ?? 500;
  const locale = chooseLocale(languageChoiceOf(request.headers));
  const { t } = await translatorFor(locale, "common");
  const words = status === 503 ? { title: t("unavailable.title"), description: t("unavailable.description") } : { title: t("error.title"), description: t("error.description") };
  const html = errorPageHtml({ locale, ...words, tryAgain: t("error.tryAgain"), retryHref: request.nextUrl.pathname + request.nextUrl.search });
  return new Response(html, {
    status,
    headers: { ...refusal?.headers(), "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** The page itself: a heading, what happened, and the same address again to retry. */
export function errorPageHtml(page: { locale: string; title: string; description: string; tryAgain: string; retryHref: string }): string {
  const text = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<!doctype html>
<html lang="${text(page.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(page.title)}</title>
<style>
body { margin: 0; font-family: system-ui, sans-serif; color: #0f172a; background: #f8fafc; }
main { max-width: 36rem; margin: 4rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.5rem; }
p { color: #334155; line-height: 1.5; }
a { display: inline-block; margin-top: 1rem; padding: 0.5rem 1rem; border-radius: 0.375rem; background: #1d4ed8; color: #fff; text-decoration: none; font-weight: 600; }
a:focus-visible { outline: 3px solid #0f172a; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>${text(page.title)}</h1>
<p>${text(page.description)}</p>
<a href="${text(page.retryHref)}">${text(page.tryAgain)}</a>
</main>
</body>
</html>
`;
}
