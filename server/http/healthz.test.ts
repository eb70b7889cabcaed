import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port';
import { startRunEnvironment, waitUntil } from '../../testing/run-environment';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig } from '../../testing/test-server';
import { testTaskQueue } from '../../testing/test-worker';

let db: MigratedDatabase;
beforeAll(async () => {
  db = await migratedTestDatabase();
});
afterAll(() => db.drop());

async function health(baseUrl: string) {
  const response = await fetch(`${baseUrl}/healthz`);
  return { status: response.status, body: await response.json() };
}

async function healthWith(overrides: Record<string, string>) {
  const server = await startTestServer(testConfig(db.url, overrides));
  try {
    return await health(server.baseUrl);
  } finally {
    await server.close();
  }
}

it('reports the database, Temporal and a polling worker up with 200', async () => {
  const env = await startRunEnvironment({}, { http: true });
  try {
    // The worker's first polls reach Temporal a moment after it starts.
    const { status, body } = await waitUntil('the worker has polled', async () => {
      const answer = await health(env.baseUrl!);
      return answer.status === 200 && answer;
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      database: { up: true },
      temporal: { up: true, namespace: 'default' },
      worker: { up: true, workers: 1, taskQueue: env.services.config.TEMPORAL_TASK_QUEUE },
    });
  } finally {
    await env.close();
  }
});

it('says no worker polls, with 503, for a task queue no worker ever polled', async () => {
  const taskQueue = testTaskQueue();
  const { status, body } = await healthWith({ TEMPORAL_TASK_QUEUE: taskQueue });
  expect(status).toBe(503);
  expect(body).toMatchObject({
    status: 'degraded',
    database: { up: true },
    temporal: { up: true },
    worker: {
      up: false,
      taskQueue,
      error: `no worker polled task queue "${taskQueue}" in the last 90 s`,
    },
  });
});

it('says Temporal is down, with 503, when nothing answers at TEMPORAL_ADDRESS', async () => {
  const { status, body } = await healthWith({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
  expect(status).toBe(503);
  expect(body).toMatchObject({
    status: 'degraded',
    database: { up: true },
    temporal: { up: false, error: expect.any(String) },
    worker: { up: false, error: expect.any(String) },
  });
});

it('says the database is down, with 503, when PostgreSQL refuses', async () => {
  const url = new URL(db.url);
  url.port = String(await freePort());
  const { status, body } = await healthWith({ DATABASE_URL: url.toString() });
  expect(status).toBe(503);
  expect(body).toMatchObject({
    status: 'degraded',
    database: { up: false, error: expect.any(String) },
    temporal: { up: true },
  });
  expect(JSON.stringify(body)).not.toContain(url.password || 'postgres@');
});
