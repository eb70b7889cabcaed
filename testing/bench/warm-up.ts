import { sideBySide } from './side-by-side';

/**
 * How many callers warm a shape up at once, and the helper that spreads the warm-up runs over them.
 * A process's JIT compiles for its first few hundred runs: a worker's CPU per run falls by about a
 * third over them (its compiler threads alone from 250 to 40 ms a second, 10 callers, 2 cores), so
 * a bench that measured from its fifth run measured a cold product. The warm-up runs in parallel so
 * that it passes through the same code paths as the load measured after it.
 */
export const warmUpCallers = 10;

/** Calls `run` `total` times, `warmUpCallers` at a time, each caller waiting for its previous call. */
export async function warmUp(total: number, run: () => Promise<unknown>): Promise<void> {
  let left = total;
  await sideBySide(Math.min(warmUpCallers, total), async (going) => {
    while (left > 0 && going()) {
      left--;
      await run();
    }
  });
}
