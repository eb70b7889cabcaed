// The real services a script outside vitest needs (scripts cannot use vitest's `inject`): an
// embedded PostgreSQL and a Temporal dev server in memory, both on free loopback ports in a temp
// folder (or DATABASE_URL's server and TEMPORAL_ADDRESS when set), a fresh migrated database, the
// app's services and an in-process worker with the production activities. Used by
// workflows-temporal/test/record-histories.ts, testing/bench/run-bench.ts and, with its own worker
// processes and services it restarts, testing/chaos/run-chaos.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import { closeAppServices, createAppServices, startRunsOn, type AppServices } from '../server/app-services';
import { parseConfig } from '../core/config/load-config';
import { logger } from '../core/logging/logger';
import { installWorkerRuntime } from '../workflows-temporal/telemetry/worker-runtime';
import type { User } from '../core/db/models';
import { initModels } from '../core/db/models';
import { createMigrator } from '../core/db/migrator';
import { createSequelize } from '../core/db/sequelize';
import { startEmbeddedPostgres } from '../server/dev/embedded-postgres';
import { startTemporalDevServer } from '../server/dev/temporal-dev-server';
import { ensureSearchAttributes } from '../core/run/ensure-search-attributes';
import { freePort } from './free-port';
import { closeOutboundAgents } from '../core/connectors/outbound/safe-fetch';
import { createAppWorker } from '../workflows-temporal/app-worker';
import type { AppConfig } from '../core/config/env.schema';
import { createOwner } from './fixtures';

export interface StandaloneStack {
  services: AppServices;
  owner: User;
  /** Where the stack came from, for reports: "embedded" or the address given in the environment. */
  source: { postgres: string; temporal: string };
  /**
   * Stops an embedded service, leaves it down `downMs` (0 by default), and starts it again on the
   * same port and data (Temporal keeps its runs only with `durableTemporal`); null for a service
   * given by the environment.
   */
  restart: Record<'postgres' | 'temporal', ((downMs?: number) => Promise<void>) | null>;
  /** Stops everything this stack started, in reverse order; safe to call more than once. */
  close(): Promise<void>;
}

interface Options {
  /** Prefix of the database and task queue names, e.g. `bench`. */
  label: string;
  /** Progress lines (stderr by default). */
  log?: (message: string) => void;
  /** DATABASE_URL / TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE to use instead of embedded services. */
  env?: Record<string, string | undefined>;
  /** False: no worker in this process (the script runs its own, e.g. as processes it kills). */
  worker?: boolean;
  /** Keep the embedded Temporal server's state in a SQLite file, so runs survive its restart. */
  durableTemporal?: boolean;
  /**
   * With the in-process worker: runs start eagerly on it (`startRunsOn`), as the API starts them
   * on its own worker; the bench measures that arrangement unless `--worker-process`.
   */
  eagerStart?: boolean;
}

let runtimeInstalled = false;

/** A service `restart` stops and starts again with the same options (so `first`'s address holds). */
async function restartable<T extends { stop(): Promise<void> }>(start: () => Promise<T>) {
  const first = await start();
  let current = first;
  return {
    first,
    stop: () => current.stop(),
    restart: async (downMs = 0) => {
      await current.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      current = await start();
    },
  };
}

/**
 * Quiet Temporal's own logging and the app's to warnings (unless LOG_LEVEL says otherwise: the
 * script's own lines are its report), and let this process, not the SDK, decide what SIGINT/SIGTERM
 * do (the SDK would shut the worker down and leave the stack running).
 */
function installQuietRuntime() {
  if (runtimeInstalled) return;
  quietAppLogs();
  installWorkerRuntime(0, { signals: false });
  runtimeInstalled = true;
}

/** The app's log lines at warnings and above, unless LOG_LEVEL is set: for scripts that print a report. */
export function quietAppLogs(): void {
  logger.level = process.env.LOG_LEVEL ?? 'warn';
}

async function adminQuery(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startStandaloneStack({
  label,
  log = (m) => console.error(m),
  env = process.env,
  worker: withWorker = true,
  durableTemporal = false,
  eagerStart = false,
}: Options): Promise<StandaloneStack> {
  if (eagerStart && !withWorker) throw new Error('eagerStart needs the in-process worker');
  installQuietRuntime();
  const stops: Array<{ what: string; stop: () => Promise<unknown> }> = [];
  const restart: StandaloneStack['restart'] = { postgres: null, temporal: null };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const { what, stop } of stops.reverse()) {
      await stop().catch((error: unknown) => console.error(`[${label}] stopping ${what} failed:`, error));
    }
  };

  try {
    const dir = mkdtempSync(join(tmpdir(), `wfa-${label}-`));
    chmodSync(dir, 0o755); // the `postgres` OS user owns the cluster when this runs as root
    stops.push({ what: 'the temp folder', stop: async () => rmSync(dir, { recursive: true, force: true }) });

    // PostgreSQL: the server at DATABASE_URL, or an embedded one; either way a fresh database.
    let adminUrl = env.DATABASE_URL;
    if (!adminUrl) {
      log(`[${label}] starting an embedded PostgreSQL`);
      const port = await freePort();
      const postgres = await restartable(() =>
        startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port, database: 'postgres' }),
      );
      stops.push({ what: 'PostgreSQL', stop: postgres.stop });
      restart.postgres = postgres.restart;
      adminUrl = postgres.first.adminUrl;
    }
    const database = `${label}_${randomUUID().replaceAll('-', '')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${database}`);
    stops.push({
      what: `database ${database}`,
      stop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    });
    const databaseUrl = new URL(adminUrl);
    databaseUrl.pathname = `/${database}`;

    // Temporal: TEMPORAL_ADDRESS, or the official dev server (in memory unless `durableTemporal`).
    let temporalAddress = env.TEMPORAL_ADDRESS;
    if (!temporalAddress) {
      log(`[${label}] starting a Temporal dev server (${durableTemporal ? 'SQLite file' : 'in memory'})`);
      const port = await freePort();
      const dbFile = durableTemporal ? join(dir, 'temporal.sqlite') : null;
      const temporal = await restartable(() =>
        startTemporalDevServer({ port, uiPort: null, namespace: 'default', dbFile, logDir: dir }),
      );
      stops.push({ what: 'the Temporal dev server', stop: temporal.stop });
      restart.temporal = temporal.restart;
      temporalAddress = temporal.first.address;
    }
    const namespace = env.TEMPORAL_NAMESPACE || 'default';
    const admin = await Connection.connect({ address: temporalAddress });
    try {
      await ensureSearchAttributes(admin, namespace); // as the worker does when it starts
    } finally {
      await admin.close();
    }

    const config = parseConfig({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl.toString(),
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      // A queue of its own, so no other worker on a shared Temporal takes these runs.
      TEMPORAL_TASK_QUEUE: `${label}-${randomUUID()}`,
      APP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // Scripts on this stack call servers they start on loopback.
      OUTBOUND_ALLOW_NETWORKS: 'loopback',
    });
    const services = createAppServices(config);
    stops.push({ what: 'the app services', stop: () => closeAppServices(services) });
    log(`[${label}] migrating ${database}`);
    await createMigrator(services.sequelize).up();

    if (withWorker) {
      const connection = await startWorker(config, stops, (message) => log(`[${label}] ${message}`));
      // As the API does with its own worker (server/main.ts): runs start eagerly on this one.
      if (eagerStart) startRunsOn(services, connection);
    }
    const owner = await createOwner(services.models);
    return {
      services,
      owner,
      source: {
        postgres: env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
        temporal: env.TEMPORAL_ADDRESS ? `TEMPORAL_ADDRESS (${temporalAddress})` : 'embedded dev server',
      },
      restart,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A worker in this process, with its own pool and connection; `stops` learns how to stop them.
 * Answers the worker's connection.
 */
async function startWorker(
  config: AppConfig,
  stops: Array<{ what: string; stop: () => Promise<unknown> }>,
  log: (message: string) => void,
): Promise<NativeConnection> {
  // The worker has its own connection pool, as the separate worker process has in production.
  log('starting a worker (bundling the workflow code)');
  const workerSequelize = createSequelize(config.DATABASE_URL);
  stops.push({ what: "the worker's database pool", stop: () => workerSequelize.close() });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  stops.push({ what: "the worker's connection", stop: () => connection.close() });
  const worker = await createAppWorker(connection, config, initModels(workerSequelize));
  const running = worker.run();
  stops.push({
    what: 'the worker',
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await closeOutboundAgents();
    },
  });
  return connection;
}

/**
 * Runs `main` with a stack, then stops the stack whatever happens: on success, on an error, and on
 * Ctrl-C / SIGTERM (the services run in their own process groups, so they would outlive us).
 */
export async function withStandaloneStack<T>(
  options: Options,
  main: (stack: StandaloneStack) => Promise<T>,
): Promise<T> {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onSignal = (signal) => reject(new Error(`interrupted by ${signal}`));
  });
  interrupted.catch(() => undefined);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const starting = startStandaloneStack(options);
  starting.catch(() => undefined);
  try {
    return await Promise.race([starting.then(main), interrupted]);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Interrupted while starting: let the start finish (it cleans up itself if it fails), then stop it.
    const stack = await starting.catch(() => null);
    await stack?.close();
  }
}
