# syntax=docker/dockerfile:1
# Frågespår backend: production image.
#   docker build -t fragespar .
#   docker run -p 3000:3000 fragespar                       # embedded PGlite under /app/data
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://... fragespar
# See docker-compose.yml for the full stack (PostgreSQL + EventStoreDB).

############################ build ############################
FROM node:20-bookworm-slim AS build
WORKDIR /app

# Dependencies first, for layer caching.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

########################### runtime ###########################
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app

COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
# Writable directory for the embedded database (used when DATABASE_URL is unset).
RUN mkdir -p /app/data && chown node:node /app/data

USER node
EXPOSE 3000

HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]

CMD ["node", "dist/main.js"]
