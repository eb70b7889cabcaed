import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { waitUntil } from '../../testing/run-environment';
import { stopProcess } from './child-process';
import { RestartPolicy } from './restart-policy';
import { SupervisedProcess, type SupervisedOptions } from './supervised-process';

// Real child processes: one that crashes at once, one that runs until it is stopped or killed.
const crashing = ['-e', 'process.exit(3)'];
const longRunning = ['-e', 'setInterval(() => {}, 1000)'];
const fastPolicy = () =>
  new RestartPolicy({ initialDelayMs: 10, maxDelayMs: 20, stableAfterMs: 60_000, maxRestarts: 3 });

const running: SupervisedProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((supervised) => supervised.stop()));
});

function supervise(args: string[], extra: Partial<SupervisedOptions> = {}) {
  const logs: string[] = [];
  const launched: ChildProcess[] = [];
  let gaveUp = false;
  const started = SupervisedProcess.start({
    name: 'child',
    launch: async () => {
      const child = spawn(process.execPath, args, { stdio: 'ignore' });
      launched.push(child);
      return child;
    },
    stop: (child) => stopProcess(child),
    log: (message) => logs.push(message),
    onGiveUp: () => {
      gaveUp = true;
    },
    policy: fastPolicy(),
    ...extra,
  }).then((supervised) => {
    running.push(supervised);
    return supervised;
  });
  return { started, logs, launched, gaveUp: () => gaveUp };
}

it('restarts a crashing child with growing delays, then gives up and says why', async () => {
  const { started, logs, launched, gaveUp } = supervise(crashing);
  await started;
  await waitUntil('the supervisor gives up', async () => gaveUp());
  expect(launched).toHaveLength(4);
  expect(logs).toEqual([
    expect.stringMatching(/^child exited \(code 3\) after .+; restarting in 10 ms \(attempt 1 of 3\)$/),
    'child restarted',
    expect.stringMatching(/^child exited \(code 3\) after .+; restarting in 20 ms \(attempt 2 of 3\)$/),
    'child restarted',
    expect.stringMatching(/^child exited \(code 3\) after .+; restarting in 20 ms \(attempt 3 of 3\)$/),
    'child restarted',
    expect.stringMatching(
      /^child exited \(code 3\) after .+; it crashed 4 times in a row, each within 60 s of starting: not restarting it again$/,
    ),
  ]);
});

it('restarts a killed child, names the signal, and a deliberate restart starts the backoff over', async () => {
  const { started, logs, launched } = supervise(longRunning);
  const supervised = await started;
  launched[0]!.kill('SIGKILL');
  await waitUntil('the child is back', async () => launched.length === 2 && supervised.pid === launched[1]!.pid);
  expect(logs).toEqual([
    expect.stringMatching(/^child exited \(signal SIGKILL\) after .+; restarting in 10 ms \(attempt 1 of 3\)$/),
    'child restarted',
  ]);

  await supervised.restart('sources changed');
  expect(launched).toHaveLength(3);
  expect(launched[1]!.signalCode).toBe('SIGTERM');
  launched[2]!.kill('SIGKILL');
  await waitUntil('the child is back again', async () => launched.length === 4 && supervised.pid === launched[3]!.pid);
  expect(logs.slice(2)).toEqual([
    'child: sources changed; restarting',
    expect.stringMatching(/^child exited \(signal SIGKILL\) after .+; restarting in 10 ms \(attempt 1 of 3\)$/),
    'child restarted',
  ]);
});

it('never restarts a child it was told to stop', async () => {
  const { started, logs, launched } = supervise(longRunning);
  const supervised = await started;
  await supervised.stop();
  expect(launched[0]!.signalCode).toBe('SIGTERM');
  expect(launched).toHaveLength(1);
  expect(logs).toEqual([]);
});

it('never restarts once the session is shutting down, even a child that dies on its own', async () => {
  const shutdown = new AbortController();
  const { started, logs, launched } = supervise(longRunning, { signal: shutdown.signal });
  await started;
  shutdown.abort();
  const exited = once(launched[0]!, 'exit');
  launched[0]!.kill('SIGKILL');
  await exited; // the supervisor's own exit handler has run by now
  expect(launched).toHaveLength(1);
  expect(logs).toEqual([]);
});
