import { join } from 'node:path';
import { envSchema } from '../../core/config/env.schema';
import { ConfigError } from '../../core/config/load-config';
import { dataDir } from '../../core/config/paths';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';
import type { Supervision } from './supervised-process';

/** Ports and names of the embedded development stack. */
export const devStack = {
  postgresPort: 54329,
  database: 'workflow_agent',
  temporalPort: 7233,
  temporalUiPort: 8233,
  apiPort: 3000,
  webPort: 5173,
} as const;

/**
 * The database a development command should use: DATABASE_URL when set, otherwise the embedded
 * PostgreSQL in `.data/postgres` (started if it is not running; reused if `npm run dev` runs),
 * restarted when it dies if `supervision` is given.
 */
export async function developmentDatabase(env = process.env, supervision?: Supervision): Promise<RunningPostgres> {
  if (env.DATABASE_URL) {
    const url = envSchema.shape.DATABASE_URL.safeParse(env.DATABASE_URL);
    if (!url.success || !url.data) throw new ConfigError(`DATABASE_URL: ${url.error?.issues[0]?.message ?? 'invalid'}`);
    return { url: url.data, adminUrl: url.data, stop: async () => undefined };
  }
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(
      'DATABASE_URL is not set (required when NODE_ENV=production): set DATABASE_URL=postgres://user:password@host:5432/dbname',
    );
  }
  return startEmbeddedPostgres({
    dataDir: join(dataDir, 'postgres'),
    port: devStack.postgresPort,
    database: devStack.database,
    supervision,
  });
}
