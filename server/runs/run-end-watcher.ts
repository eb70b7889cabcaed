import pg from 'pg';
import type { Models, WorkflowRun } from '../../core/db/models';
import { runFinishedChannel } from '../../core/run/run-finished';

/** How a run ended, as its row says once it has. */
export type RunEnd = Pick<WorkflowRun, 'runStatus' | 'resultSummary'>;

/** Lets a request wait, briefly, for a run to end (a webhook delivered with `?wait=`). */
export interface RunEndWatcher {
  /**
   * How the run ended, or null when `timeoutMs` passed first (or the API is closing). `recordedAt`
   * (epoch ms, taken before the run's row was written) lets the waiter skip its first read of the
   * row when the watcher has listened since then without a break: the run's end cannot have been
   * missed, so if it has not been heard it has not happened.
   */
  waitForEnd(runId: string, timeoutMs: number, recordedAt?: number): Promise<RunEnd | null>;
  /**
   * Calls `listener` with the id of each run that ends, until the returned function is called;
   * meanwhile the watcher keeps listening, connecting again a second after a lost connection.
   * Notifications sent while it was not connected are lost: a listener sweeps for those itself.
   */
  onRunEnd(listener: (runId: string) => void): () => void;
  close(): Promise<void>;
}

/** How many heard ends the watcher remembers: far more than end within the few ms a late waiter lags. */
const maxHeardEnds = 10_000;

/**
 * One connection of its own LISTENs for the worker's run-ended notifications and wakes the
 * requests waiting on those runs. A waiter also reads the run's row before waiting (unless the
 * watcher has listened since before the run was recorded) and once a second, so a notification
 * missed (sent before it listened, or while the connection was being made again) costs at most a
 * second, never an answer. The connection is made on first use.
 */
export function createRunEndWatcher(
  databaseUrl: string,
  models: Models,
  /** How often a waiter reads the run's row anyway: notifications only make it sooner. */
  recheckMs = 1000,
): RunEndWatcher {
  const waiters = new Map<string, Set<() => void>>();
  const endListeners = new Set<(runId: string) => void>();
  let listening: Promise<pg.Client> | null = null;
  /** When the current connection's LISTEN took effect; null while there is none. */
  let listeningSince: number | null = null;
  /** Runs whose end was heard lately, for a waiter that comes after the notification did. */
  const heardEnds = new Set<string>();
  let closed = false;
  let relisten: NodeJS.Timeout | null = null;

  const wake = (runId: string) => {
    heardEnds.add(runId);
    // Oldest first, in insertion order: a few seconds' worth is all a late waiter needs.
    if (heardEnds.size > maxHeardEnds) heardEnds.delete(heardEnds.values().next().value!);
    waiters.get(runId)?.forEach((resolve) => resolve());
    endListeners.forEach((listener) => listener(runId));
  };

  const listen = () => {
    if (listening) return listening;
    // Named, so an operator can tell it in pg_stat_activity from the pool's connections.
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'run-end-watcher' });
    let lost = false;
    const attempt = (async () => {
      await client.connect();
      await client.query(`LISTEN ${runFinishedChannel}`);
      // From now on, every end committed is heard: a run recorded later cannot end unheard.
      if (!lost) listeningSince = Date.now();
      return client;
    })();
    // A lost or failed connection is forgotten, so the next waiter makes another; waiters poll meanwhile.
    const forget = () => {
      lost = true;
      if (listening === attempt) {
        listening = null;
        listeningSince = null;
      }
      void client.end().catch(() => undefined);
      // Waiters poll meanwhile; run-end listeners have only this connection, so it is made again.
      if (!closed && endListeners.size > 0 && !relisten)
        relisten = setTimeout(() => {
          relisten = null;
          if (!closed && endListeners.size > 0) void listen().catch(() => undefined);
        }, 1000).unref();
    };
    client.on('error', forget);
    client.on('end', forget);
    client.on('notification', (message) => message.payload && wake(message.payload));
    attempt.catch(forget);
    listening = attempt;
    return attempt;
  };

  /** The run's end from its row, or null while it runs: the one read a waiter makes each time. */
  const ended = async (runId: string): Promise<RunEnd | null> => {
    const run = await models.WorkflowRun.findByPk(runId, { attributes: ['finishedAt', 'runStatus', 'resultSummary'] });
    return run?.finishedAt ? { runStatus: run.runStatus, resultSummary: run.resultSummary } : null;
  };

  return {
    async waitForEnd(runId, timeoutMs, recordedAt) {
      const deadline = Date.now() + timeoutMs;
      await listen().catch(() => undefined);
      // Registered before the first read of the row, so no notification falls between the two.
      let woken = false;
      let wakeUp = () => {};
      const waiter = () => {
        woken = true;
        wakeUp();
      };
      const runWaiters = waiters.get(runId) ?? new Set();
      waiters.set(runId, runWaiters.add(waiter));
      // Listening since before the run was recorded, and its end not heard: it has not ended yet.
      // (Strictly before: two moments in the same millisecond are in no known order.)
      const heardSinceRecorded = recordedAt !== undefined && listeningSince !== null && listeningSince < recordedAt;
      let read = !heardSinceRecorded || heardEnds.has(runId);
      try {
        for (;;) {
          woken = false;
          const end = read ? await ended(runId) : null;
          read = true;
          if (end) return end;
          const left = deadline - Date.now();
          if (left <= 0 || closed) return null;
          if (woken) continue;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(left, recheckMs));
            wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      } finally {
        runWaiters.delete(waiter);
        if (runWaiters.size === 0) waiters.delete(runId);
      }
    },
    onRunEnd(listener) {
      endListeners.add(listener);
      void listen().catch(() => undefined);
      return () => void endListeners.delete(listener);
    },
    async close() {
      closed = true;
      if (relisten) clearTimeout(relisten);
      for (const runId of [...waiters.keys()]) wake(runId);
      const client = await listening?.catch(() => null);
      await client?.end().catch(() => undefined);
    },
  };
}
