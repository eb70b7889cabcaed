// The API process: validates its configuration, then serves HTTP until SIGINT/SIGTERM.
import { serve } from '@hono/node-server';
import { collectDefaultMetrics } from 'prom-client';
import { closeAppServices, createAppServices, startRunsOn } from './app-services';
import { loadConfigOrExit } from '../core/config/load-config';
import { configureLogger, logger } from '../core/logging/logger';
import { createApp } from './http/app';
import { deleteExpiredSessions } from './auth/session.service';
import { reconcileSchedules } from './temporal/schedules';
import { startWaitingRunsWhenFree } from './runs/waiting-runs';
import { endRunsOfClosedExecutionsEvery } from './runs/closed-executions';
import { pruneTestRunsEvery } from './runs/test-run-retention';
import { serveMetrics } from './telemetry/metrics-server';
import { startHostedWorker } from '../workflows-temporal/hosted-worker';

const config = loadConfigOrExit();
configureLogger(config);
const log = logger.child({ component: 'server' });
const services = createAppServices(config);
// The API's own worker: while it polls, the runs this process starts begin on it at once, without
// their first workflow task's trip through Temporal's queue (decision 7). Worker processes poll the
// same queue for the rest (Schedules' runs, regular activities, more capacity).
const apiWorker = config.API_WORKER
  ? startHostedWorker(config, { onPolling: (connection) => startRunsOn(services, connection) })
  : null;
const server = serve({ fetch: createApp(services).fetch, port: config.PORT, hostname: '0.0.0.0' }, ({ port }) => {
  log.info(
    { port },
    `API listening on http://localhost:${port} (tRPC at /trpc, webhooks at /hooks, MCP at /mcp, health at /healthz)`,
  );
});
// The process's own figures (memory, event loop, GC) beside the API's, on the metrics port only.
collectDefaultMetrics({ register: services.metrics.registry });
const metricsServer = config.METRICS_PORT ? await serveMetrics(services.metrics.registry, config.METRICS_PORT) : null;
if (metricsServer) log.info({ port: metricsServer.port }, `metrics at http://localhost:${metricsServer.port}/metrics`);

// Cron workflows' Temporal Schedules follow the database; a failure here is logged, not fatal,
// because the API must come up (and say so in /healthz) even while Temporal is down.
reconcileSchedules(services).then(
  ({ synced, removed }) =>
    log.info(
      { synced, removed },
      `schedules reconciled: ${synced} cron workflow(s) in step, ${removed} stray schedule(s) removed`,
    ),
  (error) => log.error({ err: error }, 'could not reconcile schedules with Temporal'),
);

// Runs kept waiting by a workflow's overlap setting start when the run in their way ends, and at
// start those whose predecessor ended while the API was down.
const waitingRuns = startWaitingRunsWhenFree(services);

// Runs whose Temporal execution closed without ending them (terminated in the Web UI, say) end as
// Temporal tells, so none looks alive for ever or holds back the runs waiting behind it.
const closedExecutions = endRunsOfClosedExecutionsEvery(services);

// Test runs, and unaccepted proposals' hidden workflows, past TEST_RUN_RETENTION_DAYS.
const testRuns = pruneTestRunsEvery(services);

// Expired sessions are deleted when met; this sweeps the ones nobody comes back with.
const sweep = setInterval(
  () => void deleteExpiredSessions(services.models).catch((error) => log.error({ err: error }, 'session sweep failed')),
  60 * 60 * 1000,
);
sweep.unref();

async function shutdown(signal: string) {
  log.info({ signal }, 'closing');
  clearInterval(sweep);
  await Promise.all([waitingRuns.stop(), closedExecutions.stop(), testRuns.stop()]);
  server.close();
  // Its workflow tasks under way end, or go back to Temporal for another worker, before we exit.
  await apiWorker?.stop();
  await metricsServer?.close();
  await closeAppServices(services);
  process.exit(0);
}
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
