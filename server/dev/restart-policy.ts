export interface RestartPolicyOptions {
  /** Wait before the first restart; each further crash in a row doubles it. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A process that ran this long before it exited was healthy: its crash count starts over. */
  stableAfterMs: number;
  /** Restarts in a row, each followed by a crash before stableAfterMs, after which it gives up. */
  maxRestarts: number;
}

/** `npm run dev`'s policy: restarts after 1, 2, 4, 8 and 16 s; a sixth fast crash in a row is final. */
export const devRestartPolicy: RestartPolicyOptions = {
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  stableAfterMs: 30_000,
  maxRestarts: 5,
};

export type RestartDecision = { restart: true; delayMs: number; attempt: number } | { restart: false; crashes: number };

/**
 * When to restart a crashed process: exponential backoff while it keeps crashing soon after it
 * starts, giving up after `maxRestarts`; a process that stayed up for `stableAfterMs` starts over.
 */
export class RestartPolicy {
  private crashesInARow = 0;

  constructor(readonly options: RestartPolicyOptions = devRestartPolicy) {}

  /** What to do now that the process exited on its own, `uptimeMs` after it started. */
  afterCrash(uptimeMs: number): RestartDecision {
    if (uptimeMs >= this.options.stableAfterMs) this.crashesInARow = 0;
    this.crashesInARow += 1;
    const attempt = this.crashesInARow;
    if (attempt > this.options.maxRestarts) return { restart: false, crashes: attempt };
    const delayMs = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** (attempt - 1));
    return { restart: true, delayMs, attempt };
  }

  /** Starts over, as after a deliberate restart (the process's sources changed). */
  reset(): void {
    this.crashesInARow = 0;
  }
}
