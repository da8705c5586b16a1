# One image for every service; the command picks which (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json turbo.json tsconfig*.json ./
COPY shared/package.json shared/
COPY gateway/package.json gateway/
COPY subgraphs/identity/package.json subgraphs/identity/
COPY subgraphs/access-control/package.json subgraphs/access-control/
# npm install, not npm ci: see .ci/run (the lockfile holds only linux-x64 native binaries).
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
ENTRYPOINT ["node", "dist/main.js"]
