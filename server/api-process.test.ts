import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../testing/free-port';
import { spawnProgram } from '../testing/program-process';
import { startRunEnvironment, waitUntil, type RunEnvironment } from '../testing/run-environment';
import { stopProcess } from './dev/child-process';

// The API's process with its own worker (server/main.ts, API_WORKER), where that worker cannot run.

let env: RunEnvironment;
beforeAll(async () => {
  env = await startRunEnvironment({}, { worker: false });
});
afterAll(() => env?.close());

/** The API's entry as a process on the test's services, with `env` added; not waited for. */
async function spawnApi(extra: Record<string, string>) {
  return spawnProgram('server/main.ts', env.services.config, 'API listening', {
    PORT: String(await freePort()),
    ...extra,
  });
}

/** The process's exit code (null when a signal ended it), once it has exited. */
const exitOf = (api: Awaited<ReturnType<typeof spawnApi>>) =>
  new Promise<number | null>((resolve) => {
    if (api.child.exitCode !== null || api.child.signalCode !== null) resolve(api.child.exitCode);
    else api.child.once('exit', (code) => resolve(code));
  });

it('serves while its worker waits for Temporal, and stops at once on SIGTERM', async () => {
  // Nothing listens on this port: Temporal is away.
  const api = await spawnApi({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
  try {
    await api.ready;
    await waitUntil("the API's worker waiting for Temporal", async () =>
      api.output().includes("could not start the API's worker"),
    );
    const exited = exitOf(api);
    api.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    await stopProcess(api.child, 'SIGKILL');
  }
}, 60_000);

it("names API_WORKER_METRICS_PORT when its worker's metrics port is taken", async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
  const { port } = taken.address() as { port: number };
  const api = await spawnApi({ API_WORKER_METRICS_PORT: String(port) });
  api.ready.catch(() => undefined); // it exits before it is ready, as it should
  try {
    expect(await exitOf(api)).not.toBe(0);
    expect(api.output()).toContain(`API_WORKER_METRICS_PORT=${port} (in use? choose another, or 0)`);
  } finally {
    await stopProcess(api.child, 'SIGKILL');
    taken.close();
  }
}, 60_000);
