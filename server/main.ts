// The API process: validates its configuration, then serves HTTP until SIGINT/SIGTERM.
import { serve } from '@hono/node-server';
import { closeAppServices, createAppServices } from './app-services';
import { loadConfigOrExit } from '../core/config/load-config';
import { createApp } from './http/app';
import { deleteExpiredSessions } from './auth/session.service';
import { reconcileSchedules } from './temporal/schedules';
import { startWaitingRunsWhenFree } from './runs/waiting-runs';

const config = loadConfigOrExit();
const services = createAppServices(config);
const server = serve({ fetch: createApp(services).fetch, port: config.PORT, hostname: '0.0.0.0' }, ({ port }) => {
  console.log(
    `[server] API listening on http://localhost:${port} (tRPC at /trpc, webhooks at /hooks, MCP at /mcp, health at /healthz)`,
  );
});

// Cron workflows' Temporal Schedules follow the database; a failure here is logged, not fatal,
// because the API must come up (and say so in /healthz) even while Temporal is down.
reconcileSchedules(services).then(
  ({ synced, removed }) =>
    console.log(
      `[server] schedules reconciled: ${synced} cron workflow(s) in step, ${removed} stray schedule(s) removed`,
    ),
  (error) => console.error(`[server] could not reconcile schedules with Temporal: ${(error as Error).message}`),
);

// Runs kept waiting by a workflow's overlap setting start when the run in their way ends, and at
// start those whose predecessor ended while the API was down.
const waitingRuns = startWaitingRunsWhenFree(services);

// Expired sessions are deleted when met; this sweeps the ones nobody comes back with.
const sweep = setInterval(
  () =>
    void deleteExpiredSessions(services.models).catch((error) =>
      console.error(`[server] session sweep failed: ${(error as Error).message}`),
    ),
  60 * 60 * 1000,
);
sweep.unref();

async function shutdown(signal: string) {
  console.log(`[server] ${signal}: closing`);
  clearInterval(sweep);
  waitingRuns.stop();
  server.close();
  await closeAppServices(services);
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
