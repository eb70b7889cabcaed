import { spawn, type ChildProcess } from 'node:child_process';
import type { AppConfig } from '../core/config/env.schema';
import { repoRoot } from '../core/config/paths';
import { stopProcess } from '../server/dev/child-process';

/**
 * The production worker entry point as its own OS process on `config`'s services, so a test or a
 * script (the chaos run) can kill it outright.
 */
export function spawnWorkerProcess(
  config: AppConfig,
  /** More environment for the process (WORKER_METRICS_PORT, OTEL_EXPORTER_OTLP_ENDPOINT). */
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  ready: Promise<void>;
  output: () => string;
} {
  let output = '';
  // Node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a child process,
  // which outlives a SIGKILL sent to the CLI and keeps polling as an orphan.
  const child = spawn(process.execPath, ['--import', 'tsx', 'workflows-temporal/worker.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: config.DATABASE_URL,
      TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
      TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
      APP_ENCRYPTION_KEY: config.APP_ENCRYPTION_KEY,
      OUTBOUND_ALLOW_NETWORKS: 'loopback',
      // Info, for the line that says it polls; the output stays with the test (`output()`).
      LOG_LEVEL: 'info',
      // Off unless asked for: processes of test files running side by side would want one port.
      WORKER_METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('polling task queue')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, ready, output: () => output };
}

/**
 * The production worker processes one test starts, kills outright and starts again (the crash
 * tests): `start` waits until a worker polls, `kill` until it has died, and `killAll` (afterAll)
 * leaves none behind.
 */
export function killableWorkers(config: AppConfig) {
  const children: ChildProcess[] = [];
  return {
    /** Starts one, with `env` added to its environment (WORKER_METRICS_PORT, …). */
    async start(env: Record<string, string> = {}) {
      const worker = spawnWorkerProcess(config, env);
      children.push(worker.child);
      await worker.ready;
      return worker;
    },
    kill: ({ child }: { child: ChildProcess }) => stopProcess(child, 'SIGKILL'),
    killAll() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
