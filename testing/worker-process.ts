import type { ChildProcess } from 'node:child_process';
import type { AppConfig } from '../core/config/env.schema';
import { stopProcess } from '../server/dev/child-process';
import { spawnProgram, type ProgramProcess } from './program-process';

/**
 * The production worker entry point as its own OS process on `config`'s services, so a test or a
 * script (the chaos run) can kill it outright; ready once it polls.
 */
export function spawnWorkerProcess(
  config: AppConfig,
  /** More environment for the process (WORKER_METRICS_PORT, OTEL_EXPORTER_OTLP_ENDPOINT). */
  env: Record<string, string> = {},
): ProgramProcess {
  return spawnProgram('workflows-temporal/worker.ts', config, 'polling task queue', env);
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
