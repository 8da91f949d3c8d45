# The clinic's app image: one app instance, started exactly as `npm run cluster`
# starts each of its instances (scripts/cluster.ts) and as `npm start` does:
# scripts/serve.ts in "start" mode, with its reminder worker, under tsx.
# scripts/support/deployment-drift.test.ts checks this file's CMD and ENV
# against scripts/cluster.ts and package.json, so the two cannot drift apart.
#
# Not Next's `output: "standalone"`: its server.js is Next's own server, which
# would skip what scripts/support/app-server.ts adds around it (the client's
# address from TRUSTED_PROXY_HOPS, request ids, per-route metrics, draining on
# SIGTERM) and the reminder worker that serve.ts runs; and the standalone
# folder's traced node_modules lack tsx and the TypeScript under lib/ and
# scripts/ that serve.ts loads. So the image holds the built tree (.next and
# the sources) with production dependencies only.
#
#   docker build -t clinic-app .
#   docker run --init -e DATABASE_URL=… -e AUTH_SECRET=… … clinic-app
#
# Migrations are a one-off job before a rollout, as the owner role:
#   docker run --rm -e MIGRATION_DATABASE_URL=… clinic-app node --conditions=react-server --import tsx scripts/db-migrate.ts
# See docs/DEPLOYMENT.md.

# The Node that package.json pins ("node": "24.21.0"): the same in every stage.
FROM node:24.21.0-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma.config.ts ./
COPY prisma/schema.prisma prisma/
# Every dependency, for the build; postinstall generates the Prisma client.
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run db:generate && npm run build && rm -rf .next/cache

# Production dependencies only. Their install scripts are skipped: the Prisma
# client is generated in the build stage (the prisma CLI is a dev dependency)
# and native modules ship prebuilt as optional dependencies.
FROM node:24.21.0-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24.21.0-bookworm-slim AS runtime
# pg_dump and pg_restore for `npm run db:backup` / `db:restore` run from this
# image as a job (docs/OPERATIONS.md); Debian bookworm's client is PostgreSQL 15.
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client-15 \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/package.json /app/next.config.ts /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/.next ./.next
COPY --from=build --chown=node:node /app/app ./app
COPY --from=build --chown=node:node /app/components ./components
COPY --from=build --chown=node:node /app/lib ./lib
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/public ./public
COPY --from=build --chown=node:node /app/scripts ./scripts
# The image's user owns only what the app writes at run time (.data: the
# embedded database and local files, never used with DATABASE_URL set).
RUN mkdir -p .data && chown node:node .data
USER node
# What scripts/cluster.ts gives every app instance besides its secrets and
# addresses: the launcher must not run Next under the react-server condition
# (serve.ts passes it to itself on the command line), and the instance listens
# on every interface of its container, on PORT.
ENV NODE_OPTIONS="" \
  HOST=0.0.0.0 \
  PORT=3000
EXPOSE 3000
# SIGTERM drains: /api/ready answers 503, requests in flight finish within
# SHUTDOWN_TIMEOUT_MS (25 s), the worker gives its jobs back, exit 0.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# `npm start` without npm: the same command its script execs.
CMD ["node", "--conditions=react-server", "--import", "tsx", "scripts/serve.ts", "start"]
