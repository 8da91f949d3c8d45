import { defineConfig } from "prisma/config";

// The datasource URL is only needed by Prisma CLI commands that talk to a database
// (`migrate deploy` where the schema engine exists), which must run as the tables'
// owner, as `npm run db:migrate` does. The app and our own migration runner read
// their URLs themselves and fall back to the embedded database.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
