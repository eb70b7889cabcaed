import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { startTestServer, testConfig } from '../../testing/test-server';

let db: MigratedDatabase;
beforeAll(async () => {
  db = await migratedTestDatabase();
});
afterAll(() => db.drop());

async function healthWith(overrides: Record<string, string>) {
  const server = await startTestServer(testConfig(db.url, overrides));
  try {
    const response = await fetch(`${server.baseUrl}/healthz`);
    return { status: response.status, body: await response.json() };
  } finally {
    await server.close();
  }
}

it('reports the database and Temporal up with 200', async () => {
  const { status, body } = await healthWith({});
  expect(status).toBe(200);
  expect(body).toMatchObject({ status: 'ok', database: { up: true }, temporal: { up: true, namespace: 'default' } });
});

it('says Temporal is down, with 503, when nothing answers at TEMPORAL_ADDRESS', async () => {
  const { status, body } = await healthWith({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
  expect(status).toBe(503);
  expect(body).toMatchObject({
    status: 'degraded',
    database: { up: true },
    temporal: { up: false, error: expect.any(String) },
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
