import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Enables forbidden() for signed-in users who open another role's pages.
  experimental: { authInterrupts: true },
  // PGlite, pg and Prisma's adapter load WASM and native-style modules at run time;
  // bundling them breaks that, so the server requires them from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "@prisma/adapter-pg"],
};

export default nextConfig;
