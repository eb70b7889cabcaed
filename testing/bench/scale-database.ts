import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createMigrator } from '../../core/db/migrator';
import { createSequelize } from '../../core/db/sequelize';
import { startEmbeddedPostgres } from '../../server/dev/embedded-postgres';
import { freePort } from '../free-port';
import { seedScale } from './seed-scale';

export interface ScaleDatabase {
  url: string;
  /** Drops the database (unless it was given, or kept) and stops an embedded server. */
  close(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Applies pending migrations, so a database seeded before a new index still gets it. */
async function migrate(url: string) {
  const sequelize = createSequelize(url);
  try {
    await createMigrator(sequelize).up();
  } finally {
    await sequelize.close();
  }
}

/** A database seeded before: migrated up to now, and refused when it holds no seeded runs. */
export async function reuseScaleDatabase(url: string): Promise<ScaleDatabase> {
  await migrate(url);
  const runs = await withClient(url, async (c) =>
    Number((await c.query('SELECT count(*) AS n FROM workflow_runs')).rows[0].n),
  );
  if (runs === 0) throw new Error(`${url} holds no runs: seed it with testing/bench/seed-scale.cli.ts first`);
  return { url, close: async () => undefined };
}

/**
 * A new database, `scale_<hex>`, on `adminUrl`'s server (an embedded one in a temp folder when
 * absent; never an existing database), migrated by the project's migrator and seeded.
 */
export async function freshScaleDatabase({
  adminUrl,
  runs,
  keep,
  log,
}: {
  adminUrl: string | undefined;
  runs: number;
  keep: boolean;
  log: (message: string) => void;
}): Promise<ScaleDatabase> {
  let stopServer = async () => undefined;
  if (!adminUrl) {
    log('[bench:api] starting an embedded PostgreSQL');
    const dir = mkdtempSync(join(tmpdir(), 'wfa-scale-'));
    chmodSync(dir, 0o755); // the `postgres` OS user owns the cluster when this runs as root
    const server = await startEmbeddedPostgres({
      dataDir: join(dir, 'postgres'),
      port: await freePort(),
      database: 'postgres',
    });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const name = `scale_${randomUUID().replaceAll('-', '')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    if (!keep) await withClient(adminUrl!, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await stopServer();
  };
  try {
    await migrate(url.toString());
    log(`[bench:api] seeding ${runs} runs and ${runs * 5} tasks into ${name}`);
    const began = Date.now();
    await withClient(url.toString(), (c) => seedScale(c, runs));
    log(`[bench:api] seeded in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), close: drop };
}
