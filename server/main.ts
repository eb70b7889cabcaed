// The API process: validates its configuration, then serves HTTP until SIGINT/SIGTERM.
import { serve } from '@hono/node-server';
import { closeAppServices, createAppServices } from './app-services';
import { loadConfigOrExit } from './config/load-config';
import { createApp } from './http/app';

const config = loadConfigOrExit();
const services = createAppServices(config);
const server = serve({ fetch: createApp(services).fetch, port: config.PORT, hostname: '0.0.0.0' }, ({ port }) => {
  console.log(`[server] API listening on http://localhost:${port} (tRPC at /trpc, health at /healthz)`);
});

async function shutdown(signal: string) {
  console.log(`[server] ${signal}: closing`);
  server.close();
  await closeAppServices(services);
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
