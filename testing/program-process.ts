import { spawn, type ChildProcess } from 'node:child_process';
import type { AppConfig } from '../core/config/env.schema';
import { repoRoot } from '../core/config/paths';

/** A program of the product running as its own OS process, for a test or script to kill outright. */
export interface ProgramProcess {
  child: ChildProcess;
  /** Resolves once the program has said it is ready; rejects, with its output, if it exits first. */
  ready: Promise<void>;
  output: () => string;
}

/**
 * Runs `entry` (a program's TypeScript entry) on `config`'s services, with `env` added, ready when
 * its output includes `readyWhen`. Loopback is allowed to nodes, where the tests' servers listen,
 * and no metrics port is opened unless `env` asks: test files running side by side would want one.
 */
export function spawnProgram(
  entry: string,
  config: AppConfig,
  readyWhen: string,
  env: Record<string, string> = {},
): ProgramProcess {
  let output = '';
  // Node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a child process,
  // which outlives a SIGKILL sent to the CLI and keeps polling as an orphan.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
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
      // Info, for the line that says it is ready; the output stays with the test (`output()`).
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      WORKER_METRICS_PORT: '0',
      API_WORKER_METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(readyWhen)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, ready, output: () => output };
}
