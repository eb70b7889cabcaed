import type { AppConfig } from '../../core/config/env.schema';
import { stopProcess } from '../../server/dev/child-process';
import { spawnWorkerProcess } from '../worker-process';

type WorkerProcess = ReturnType<typeof spawnWorkerProcess>;

/**
 * Keeps one production worker process running, as a process supervisor would: `kill()` SIGKILLs it
 * and starts the next at once; one that exits by itself is started again too, and noted.
 */
export function superviseWorker(config: AppConfig, log: (message: string) => void) {
  const unexpectedExits: string[] = [];
  const killed = new WeakSet<WorkerProcess>();
  let stopping = false;
  let current: WorkerProcess;

  const start = () => {
    const worker = spawnWorkerProcess(config);
    current = worker;
    worker.ready.catch(() => undefined); // an early exit is reported by the exit handler below
    worker.child.once('exit', (code, signal) => {
      if (stopping || killed.has(worker)) return;
      const tail = worker.output().trim().split('\n').slice(-3).join(' | ');
      unexpectedExits.push(`exited (${code ?? signal}) on its own: ${tail}`);
      log(`[chaos] the worker exited (${code ?? signal}) on its own; starting another in 1 s`);
      setTimeout(() => stopping || start(), 1000);
    });
  };
  start();

  return {
    unexpectedExits,
    /** Resolves when a worker polls its task queue (the next one, should the current one die first). */
    ready: async () => {
      for (;;) {
        const worker = current;
        if (
          await worker.ready.then(
            () => true,
            () => false,
          )
        )
          return;
        while (current === worker) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    /** SIGKILLs the current worker, waits until it is gone, and starts another (not waiting for it). */
    kill: async () => {
      const worker = current;
      killed.add(worker);
      if (worker.child.exitCode === null && worker.child.signalCode === null) {
        const exited = new Promise((resolve) => worker.child.once('exit', resolve));
        worker.child.kill('SIGKILL');
        await exited;
      }
      start();
    },
    stop: async () => {
      stopping = true;
      await stopProcess(current.child, 'SIGTERM', 10_000);
    },
  };
}
