# The app's image: one image, three commands (the API, the worker, the migrations), all compiled
# JavaScript from `npm run build`; production dependencies only, on a supported Node LTS.

# Build: every dependency, then the compiled programs (dist/) and the web client (web/dist/).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Run: production dependencies and the build's output, nothing else.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
USER node
# 3000: the API (and the web client); 9464: the API's metrics (METRICS_PORT); 9465: the worker's
# (WORKER_METRICS_PORT), in the worker's container; 9466: the API's own worker's (API_WORKER_METRICS_PORT).
EXPOSE 3000 9464 9465 9466
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
