import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port';
import { ensureSearchAttributes } from '../../core/run/ensure-search-attributes';
import { startEmbeddedPostgres } from './embedded-postgres';
import { RestartPolicy } from './restart-policy';
import { startTemporalDevServer } from './temporal-dev-server';
import { waitUntil } from '../../testing/run-environment';

// What `npm run dev` relies on: both embedded services keep their data across a restart.
const dir = mkdtempSync(join(tmpdir(), 'wfa-stack-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

it('embedded PostgreSQL keeps its data across a restart', async () => {
  const options = { dataDir: join(dir, 'postgres'), port: await freePort(), database: 'app' };
  const first = await startEmbeddedPostgres(options);
  await query(first.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
  await first.stop();
  const second = await startEmbeddedPostgres(options);
  try {
    expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 'survives' }]);
  } finally {
    await second.stop();
  }
});

it('a supervised PostgreSQL that dies comes back on the same port with its data', async () => {
  const dataDir = join(dir, 'supervised');
  const logs: string[] = [];
  const postgres = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    database: 'app',
    supervision: {
      log: (message) => logs.push(message),
      onGiveUp: () => undefined,
      policy: new RestartPolicy({ initialDelayMs: 10, maxDelayMs: 10, stableAfterMs: 60_000, maxRestarts: 3 }),
    },
  });
  try {
    await query(postgres.url, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('survives')");
    // The postmaster's pid is the first line of its lock file.
    const postmasterPid = () => Number(readFileSync(join(dataDir, 'cluster', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const killed = postmasterPid();
    process.kill(killed, 'SIGKILL');
    await waitUntil('PostgreSQL is back', async () => logs.includes('PostgreSQL restarted'), 60_000);
    expect(postmasterPid()).not.toBe(killed);
    expect(logs[0]).toMatch(/^PostgreSQL exited \(signal SIGKILL\) after .+; restarting in 10 ms \(attempt 1 of 3\)$/);
    expect(await query(postgres.url, 'SELECT v FROM kept')).toEqual([{ v: 'survives' }]);
  } finally {
    await postgres.stop();
  }
}, 120_000);

it('the Temporal dev server keeps its state in --db-filename across a restart', async () => {
  const options = {
    port: await freePort(),
    uiPort: await freePort(),
    namespace: 'default',
    dbFile: join(dir, 'temporal.db'),
    logDir: dir,
  };
  const first = await startTemporalDevServer(options);
  let connection = await Connection.connect({ address: first.address });
  await ensureSearchAttributes(connection, 'default');
  await connection.close();
  expect((await fetch(first.uiUrl!)).ok).toBe(true); // the Web UI answers
  await first.stop();

  const second = await startTemporalDevServer(options);
  connection = await Connection.connect({ address: second.address });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(customAttributes ?? {})).toEqual(
      expect.arrayContaining(['AppWorkflowId', 'AppRunId', 'AppOwnerId']),
    );
  } finally {
    await connection.close();
    await second.stop();
  }
}, 120_000);
