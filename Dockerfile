# One image for every service; the command picks which (see docker-compose.yml):
# `docker run <image> <subgraph> | gateway | all` (a subgraph of src/registry.ts; all: embedded mode).
# Nothing here names a subgraph: every workspace package is found by its package.json.

# Manifests stage: the package.json files alone, so the install layer below is rebuilt only when
# dependencies change, however many workspace packages there are.
FROM node:24-bookworm-slim AS manifests
WORKDIR /app
COPY . .
RUN mkdir /manifests && cp package-lock.json /manifests/ && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /manifests/ \;

# Build stage: the locked install (better-sqlite3 compiles here, hence python3, make and g++), the
# TypeScript build, then the development packages pruned away.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY --from=manifests /manifests/ ./
# npm ci: exactly package-lock.json, failing if it is out of step with package.json. The lockfile lists
# every platform's optional binaries (swc, turbo), so it installs on linux-x64 and arm64 alike.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund
# Of each workspace package the runtime needs its package.json (workspace resolution) and dist/ only.
RUN mkdir /packages && for package in shared gateway subgraphs/* subgraphs/*/contracts; do mkdir -p "/packages/$package" && cp -r "$package/package.json" "$package/dist" "/packages/$package/"; done

# Runtime stage: compiled code, production packages, package.json files (workspace resolution) and
# the committed supergraph the gateway loads; no sources, tests or compilers.
FROM node:24-bookworm-slim AS runtime
# tini as PID 1: forwards SIGTERM to node (which then drains) and reaps zombies.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production GATEHOUSE_DATA_DIR=/app/data
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/schema/supergraph.graphql schema/
COPY --from=build /packages/ ./
# The one directory a service may write: SQLite files and generated secrets (embedded mode), mail
# files when SMTP_URL is unset. The code stays owned by root, read-only to the service.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
# The gateway's port; each subgraph listens on its own <NAME>_PORT (docker-compose.yml).
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["node", "dist/scripts/healthcheck.js"]
ENTRYPOINT ["tini", "--", "node", "dist/main.js"]
CMD ["all"]
