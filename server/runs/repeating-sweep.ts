import { logger } from '../../core/logging/logger';

/**
 * Runs `sweep` at once and every `everyMs` until stopped, one at a time: a sweep still going when
 * the next is due lets that one pass. A failure is logged as "could not `what`" and the next sweep
 * tries again. `stop` resolves once a sweep under way has ended, so the services it uses can close.
 */
export function repeatSweep(what: string, everyMs: number, sweep: () => Promise<unknown>) {
  let current: Promise<void> | null = null;
  const run = () =>
    (current ??= sweep()
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, `could not ${what}`),
      )
      .finally(() => (current = null)));
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return {
    /** The first sweep, for a caller that must know it is done. */
    swept: run(),
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
