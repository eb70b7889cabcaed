import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { Sequelize } from 'sequelize';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createSequelize } from '../../core/db/sequelize';
import { waitUntil } from '../../testing/run-environment';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy';
import { readOnceDatabaseAnswers, untilDatabaseAnswers } from './database-wait';

let proxy: TcpProxy;
let sequelize: Sequelize;
// The SDK's own activity context, its log lines (the wait's warning) kept out of the output.
const activityEnvironment = () => new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

beforeAll(async () => {
  // The suite's PostgreSQL behind a proxy this file can cut, as if the server went down.
  const url = new URL(inject('postgresAdminUrl'));
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port) });
  url.port = String(proxy.port);
  sequelize = createSequelize(url.toString());
});
afterAll(async () => {
  await sequelize.close();
  await proxy.close();
});

it('keeps the attempt waiting while PostgreSQL is down and goes on once it answers', async () => {
  proxy.cut();
  const before = proxy.refused();
  let returned = false;
  const waiting = activityEnvironment()
    .run(untilDatabaseAnswers, sequelize)
    .then(() => (returned = true));
  // Two refused connections: the first failure did not end the attempt, it tried again.
  await waitUntil('PostgreSQL was tried twice', async () => proxy.refused() >= before + 2);
  expect(returned).toBe(false);
  proxy.restore();
  await waiting;
  expect(returned).toBe(true);
});

it('stops waiting when the attempt is cancelled', async () => {
  proxy.cut();
  const before = proxy.refused();
  const env = activityEnvironment();
  const waiting = env.run(untilDatabaseAnswers, sequelize);
  await waitUntil('PostgreSQL was tried', async () => proxy.refused() > before);
  env.cancel();
  await expect(waiting).rejects.toBeInstanceOf(CancelledFailure);
  proxy.restore();
});

it("waits for PostgreSQL when an attempt's first read fails, then reads again", async () => {
  proxy.cut();
  const before = proxy.refused();
  const read = () => sequelize.query('SELECT 41 + 1 AS answer', { plain: true });
  const reading = activityEnvironment().run(readOnceDatabaseAnswers, sequelize, read);
  await waitUntil('PostgreSQL was tried twice', async () => proxy.refused() >= before + 2);
  proxy.restore();
  expect(await reading).toEqual({ answer: 42 });
});
