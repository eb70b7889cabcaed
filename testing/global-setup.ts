import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type RunningPostgres } from '../server/dev/embedded-postgres';
import { startTemporalDevServer } from '../server/dev/temporal-dev-server';
import { ensureSearchAttributes } from '../core/run/ensure-search-attributes';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance database URL; each test file creates its own database from it. */
    postgresAdminUrl: string;
    temporalAddress: string;
    temporalUiUrl: string;
  }
}

/**
 * Starts the real services the suite talks to: an embedded PostgreSQL (or TEST_DATABASE_URL's
 * server) and the official Temporal dev server, both on free loopback ports, in a temp folder.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'wfa-test-'));
  chmodSync(dir, 0o755); // the `postgres` OS user owns the cluster when tests run as root
  let postgres: RunningPostgres | null = null;
  const stops: Array<() => Promise<void>> = [];
  try {
    let adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) {
      postgres = await startEmbeddedPostgres({
        dataDir: join(dir, 'postgres'),
        port: await freePort(),
        database: 'postgres',
      });
      stops.push(postgres.stop);
      adminUrl = postgres.adminUrl;
    }
    const temporal = await startTemporalDevServer({
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      dbFile: null,
      logDir: dir,
    });
    stops.push(temporal.stop);
    // As the worker does at start in development and production.
    const connection = await Connection.connect({ address: temporal.address });
    await ensureSearchAttributes(connection, 'default');
    await connection.close();
    project.provide('postgresAdminUrl', adminUrl);
    project.provide('temporalAddress', temporal.address);
    project.provide('temporalUiUrl', temporal.uiUrl!);
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
  return async () => {
    for (const stop of stops.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
