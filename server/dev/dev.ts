// `npm run dev`: the whole product on embedded defaults. PostgreSQL and Temporal are started here
// unless DATABASE_URL / TEMPORAL_ADDRESS point elsewhere; then migrations and the seed; then the
// API, the worker and the Vite client as child processes. Every process started here is restarted
// with backoff when it dies (server/dev/supervised-process.ts); the API and the worker also when
// their sources change. Ctrl-C stops everything in order, and never leads to a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { applyDotEnv, ConfigError, ensureDevSecrets, parseConfig } from '../../core/config/load-config';
import { dataDir, dotEnvPath, repoRoot } from '../../core/config/paths';
import { createMigrator, runSeeders } from '../../core/db/migrator';
import { createSequelize } from '../../core/db/sequelize';
import { devStack, developmentDatabase } from './dev-stack';
import { RestartPolicy } from './restart-policy';
import { SupervisedProcess, type Supervision } from './supervised-process';
import { startTemporalDevServer, type RunningTemporal } from './temporal-dev-server';
import { watchSources } from './watch-sources';

const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
const stops: Array<() => Promise<void>> = [];
const apps: SupervisedProcess[] = [];
const unwatches: Array<() => void> = [];
/** Aborted when the session starts stopping: from then on, no exit leads to a restart. */
const shuttingDown = new AbortController();
let stopping = false;

function log(message: string) {
  console.log(`\x1b[1m[dev]\x1b[0m ${message}`);
}

/**
 * How a process of this session is supervised. `retry` says how the person can bring it back
 * once its restarts are spent; without it, the session cannot go on and stops.
 */
function supervision(name: string, retry?: string): Supervision {
  return {
    log,
    signal: shuttingDown.signal,
    policy: new RestartPolicy(),
    onGiveUp: () => {
      if (retry) return log(`${name} stays down: ${retry}; Ctrl-C stops everything.`);
      log(`the product cannot run without ${name}; stopping everything`);
      void shutdown(1);
    },
  };
}

/** Spawns an app process in its own group with its output prefixed. */
function spawnApp(name: string, command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  return child;
}

/** Signals a child's whole process group (vite starts its own children). */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    kill('SIGTERM');
  });
}

/**
 * Runs an app process under supervision. With `watch`, it is restarted when a source file under
 * those folders changes, and such a change also brings it back after its restarts were spent.
 */
async function startApp(name: string, command: string, args: string[], watch: string[] = []) {
  if (stopping) return; // Ctrl-C while the services were starting
  const folders = watch.map((dir) => `${dir}/`).join(' or ');
  const app = await SupervisedProcess.start({
    name,
    launch: async () => spawnApp(name, command, args),
    stop: stopGroup,
    ...supervision(
      name,
      watch.length ? `fix the cause, then save a file under ${folders} to start it again` : undefined,
    ),
  });
  apps.push(app);
  if (watch.length)
    unwatches.push(watchSources(repoRoot, watch, (file) => void app.restart(`${file} changed`), { onError: log }));
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  shuttingDown.abort();
  log('stopping…');
  for (const unwatch of unwatches) unwatch();
  await Promise.all(apps.map((app) => app.stop()));
  for (const stop of stops.reverse()) await stop().catch((error) => log(`stop failed: ${error}`));
  log('stopped');
  process.exit(code);
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main() {
  // `on`, not `once`: a terminal's Ctrl-C reaches this process and also npm, which forwards it
  // again; a second signal without a handler would kill us before the services are stopped.
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(dataDir, { recursive: true });
  applyDotEnv(env, dotEnvPath);
  ensureDevSecrets(env, dotEnvPath);

  const database = await developmentDatabase(env, supervision('PostgreSQL'));
  stops.push(database.stop);
  env.DATABASE_URL = database.url;

  let temporal: RunningTemporal | null = null;
  if (!env.TEMPORAL_ADDRESS) {
    log('starting the Temporal dev server…');
    temporal = await startTemporalDevServer({
      port: devStack.temporalPort,
      uiPort: devStack.temporalUiPort,
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      dbFile: join(dataDir, 'temporal.db'),
      logDir: dataDir,
      supervision: supervision('the Temporal dev server'),
    });
    stops.push(temporal.stop);
    env.TEMPORAL_ADDRESS = temporal.address;
    env.TEMPORAL_UI_URL ??= temporal.uiUrl!;
  }
  env.PORT ??= String(devStack.apiPort);
  env.PUBLIC_URL ??= `http://localhost:${devStack.webPort}`;
  const config = parseConfig(env);

  const sequelize = createSequelize(config.DATABASE_URL);
  try {
    const applied = await createMigrator(sequelize).up();
    log(applied.length ? `migrations applied: ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
    await runSeeders(sequelize);
    log('seed applied');
  } finally {
    await sequelize.close();
  }

  // Plain Node with tsx's loader rather than `tsx watch`: when the program dies, `tsx watch` stays
  // up waiting for a file change, so its death would go unnoticed. Watching is done here instead.
  const node = process.execPath;
  // The API hosts a worker too (API_WORKER), so it restarts when the worker's code changes.
  await startApp('server', node, ['--import', 'tsx', 'server/main.ts'], ['server', 'core', 'workflows-temporal']);
  await startApp('worker', node, ['--import', 'tsx', 'workflows-temporal/worker.ts'], ['workflows-temporal', 'core']);
  await startApp('web', join(repoRoot, 'node_modules', '.bin', 'vite'), [
    '--config',
    'web/vite.config.ts',
    '--port',
    String(devStack.webPort),
    '--strictPort',
  ]);

  const apiUrl = `http://localhost:${config.PORT}`;
  const [apiUp, webUp] = await Promise.all([
    waitForHttp(`${apiUrl}/healthz`, 90_000),
    waitForHttp(config.PUBLIC_URL, 90_000),
  ]);
  if (stopping) return;
  const lines = [
    `Web app          ${config.PUBLIC_URL}   (sign in: admin@example.com / password123)`,
    `API              ${apiUrl}/trpc   health: ${apiUrl}/healthz${apiUp ? '' : '  (not healthy yet)'}`,
    `Temporal Web UI  ${config.TEMPORAL_UI_URL}`,
    `Temporal         ${config.TEMPORAL_ADDRESS} (namespace ${config.TEMPORAL_NAMESPACE})`,
    `PostgreSQL       ${config.DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')}`,
  ];
  log(
    `${webUp ? 'ready' : 'started (the web client is still starting)'}; Ctrl-C stops everything.\n\n  ${lines.join('\n  ')}\n`,
  );
}

main().catch(async (error) => {
  log(
    error instanceof ConfigError
      ? error.message
      : `could not start: ${error instanceof Error ? error.stack : String(error)}`,
  );
  await shutdown(1);
});
