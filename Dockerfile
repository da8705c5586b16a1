# One image for every service; the command picks which (see docker-compose.yml):
# `docker run <image> identity | access-control | gateway | all` (all: embedded mode).

# Build stage: the locked install (better-sqlite3 compiles here, hence python3, make and g++), the
# TypeScript build, then the development packages pruned away.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json turbo.json tsconfig*.json ./
COPY shared/package.json shared/
COPY gateway/package.json gateway/
COPY subgraphs/identity/package.json subgraphs/identity/
COPY subgraphs/identity/contracts/package.json subgraphs/identity/contracts/
COPY subgraphs/access-control/package.json subgraphs/access-control/
COPY subgraphs/access-control/contracts/package.json subgraphs/access-control/contracts/
# npm ci: exactly package-lock.json, failing if it is out of step with package.json. The lockfile lists
# every platform's optional binaries (swc, turbo), so it installs on linux-x64 and arm64 alike.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

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
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/gateway/package.json gateway/
COPY --from=build /app/gateway/dist gateway/dist
COPY --from=build /app/subgraphs/identity/package.json subgraphs/identity/
COPY --from=build /app/subgraphs/identity/dist subgraphs/identity/dist
COPY --from=build /app/subgraphs/identity/contracts/package.json subgraphs/identity/contracts/
COPY --from=build /app/subgraphs/identity/contracts/dist subgraphs/identity/contracts/dist
COPY --from=build /app/subgraphs/access-control/package.json subgraphs/access-control/
COPY --from=build /app/subgraphs/access-control/dist subgraphs/access-control/dist
COPY --from=build /app/subgraphs/access-control/contracts/package.json subgraphs/access-control/contracts/
COPY --from=build /app/subgraphs/access-control/contracts/dist subgraphs/access-control/contracts/dist
# The one directory a service may write: SQLite files and generated secrets (embedded mode), mail
# files when SMTP_URL is unset. The code stays owned by root, read-only to the service.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 4000 4001 4002
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["node", "dist/scripts/healthcheck.js"]
ENTRYPOINT ["tini", "--", "node", "dist/main.js"]
CMD ["all"]
