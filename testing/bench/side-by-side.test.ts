import { expect, it } from 'vitest';
import { sideBySide } from './side-by-side';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

it('runs every caller until it is done', async () => {
  const calls = [0, 0, 0];
  await sideBySide(3, async (going) => {
    const me = calls.findIndex((n) => n === 0);
    for (let i = 0; i < 4 && going(); i++) {
      calls[me]!++;
      await tick();
    }
  });
  expect(calls).toEqual([4, 4, 4]);
});

it('stops the others after their current call when one fails, and throws its error once all have stopped', async () => {
  let inFlight = 0;
  let calls = 0;
  let inFlightAtThrow: number | null = null;
  const failed = sideBySide(4, async (going) => {
    // Bounded, so that callers ignoring `going` show as a count instead of a hang.
    for (let i = 0; i < 50 && going(); i++) {
      const mine = ++calls;
      inFlight++;
      await tick();
      inFlight--;
      if (mine === 6) throw new Error('the sixth call failed');
    }
  }).catch((error: Error) => {
    inFlightAtThrow = inFlight;
    return error.message;
  });
  expect(await failed).toBe('the sixth call failed');
  expect(inFlightAtThrow).toBe(0);
  // Each of the other three finished the call it was in, and started no other.
  expect(calls).toBeLessThanOrEqual(9);
});
