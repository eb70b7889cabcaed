# The app's image: one image, two commands (server/main.ts and workflows-temporal/worker.ts).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies too: tsx runs the TypeScript sources and vite builds the web client below.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npx vite build --config web/vite.config.ts
ENV NODE_ENV=production
USER node
EXPOSE 3000
CMD ["npx", "tsx", "server/main.ts"]
