# syntax=docker/dockerfile:1
# Frågespår backend: production image.
#   docker build -t fragespar .
#   docker run -p 3000:3000 fragespar                       # embedded PGlite under /app/data
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... fragespar
# See docker-compose.yml for the full stack (PostgreSQL; EventStoreDB under a profile).
# Node.js 26 is the active LTS line (24 is in maintenance, 20 reached its end of life on 2026-04-30).

############################ build ############################
FROM node:26-bookworm-slim AS build
WORKDIR /app

# Dependencies first, for layer caching.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

########################### runtime ###########################
FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app

COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# The npm scripts (start, token, demo, projections:rebuild, audit:*, backup, restore) run
# scripts/build.cjs first; without src/ it uses dist/ as built, so no compiler is needed here.
COPY --from=build --chown=node:node /app/scripts/build.cjs ./scripts/build.cjs
# Writable directory for the embedded database (used when DATABASE_URL is unset).
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]

# As `npm start`: a young generation of 8 MB semi-spaces keeps an idle instance under 350 MB RSS (docs/operations.md); without
# allocation-site pretenuring a rebuild's short-lived objects are collected young (docs/performance.md, "Rebuild").
CMD ["node", "--max-semi-space-size=8", "--no-allocation-site-pretenuring", "dist/main.js"]
