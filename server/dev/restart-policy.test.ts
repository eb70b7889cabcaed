import { expect, it } from 'vitest';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy';

const options: RestartPolicyOptions = { initialDelayMs: 1000, maxDelayMs: 5000, stableAfterMs: 30_000, maxRestarts: 4 };

it('backs off exponentially up to the maximum while a process keeps crashing fast, then gives up', () => {
  const policy = new RestartPolicy(options);
  expect([1, 2, 3, 4, 5].map(() => policy.afterCrash(100))).toEqual([
    { restart: true, delayMs: 1000, attempt: 1 },
    { restart: true, delayMs: 2000, attempt: 2 },
    { restart: true, delayMs: 4000, attempt: 3 },
    { restart: true, delayMs: 5000, attempt: 4 },
    { restart: false, crashes: 5 },
  ]);
});

it('starts over once a process stayed up for stableAfterMs', () => {
  const policy = new RestartPolicy(options);
  policy.afterCrash(100);
  policy.afterCrash(29_999);
  expect(policy.afterCrash(30_000)).toEqual({ restart: true, delayMs: 1000, attempt: 1 });
  expect(policy.afterCrash(0)).toEqual({ restart: true, delayMs: 2000, attempt: 2 });
});

it('starts over after a reset, even after giving up', () => {
  const policy = new RestartPolicy(options);
  for (let i = 0; i < 5; i++) policy.afterCrash(0);
  policy.reset();
  expect(policy.afterCrash(0)).toEqual({ restart: true, delayMs: 1000, attempt: 1 });
});
