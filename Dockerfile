# dsql-ops as a container for a shared service (aws mode). Build: docker build -t dsql-ops .
# The image holds Next's standalone output (the server and only the modules it needs) and the
# server wrapper that stamps each request with its TCP peer (scripts/serve.mjs), runs as a non-root
# user, and reports its health. Configuration comes from the environment (docs/deployment.md).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
ENV NEXT_OUTPUT=standalone NEXT_TELEMETRY_DISABLED=1
RUN npx next build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DSQL_OPS_MODE=aws DSQL_OPS_HOST=0.0.0.0 PORT=3000 DSQL_OPS_DATA_DIR=/data
RUN groupadd --system --gid 10001 dsqlops && useradd --system --uid 10001 --gid dsqlops --home /app dsqlops \
  && mkdir -p /data && chown dsqlops:dsqlops /data
COPY --from=build --chown=dsqlops:dsqlops /app/.next/standalone ./
COPY --from=build --chown=dsqlops:dsqlops /app/.next/static ./.next/static
COPY --from=build --chown=dsqlops:dsqlops /app/public ./public
COPY --from=build --chown=dsqlops:dsqlops /app/scripts/serve.mjs /app/scripts/shutdown.mjs ./scripts/
USER dsqlops
EXPOSE 3000
# Liveness only (no AWS call); the load balancer's target group should check /api/ready.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains (scripts/shutdown.mjs); keep the stop timeout above DSQL_OPS_SHUTDOWN_GRACE_MS.
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "exec node scripts/serve.mjs --host \"$DSQL_OPS_HOST\" --port \"$PORT\""]
