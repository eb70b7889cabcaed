import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { repoRoot, runsCompiled } from '../config/paths';

/** What every migration and seeder receives. */
export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
}

export type Migration = (params: { context: MigrationContext }) => Promise<void>;

/**
 * Versioned schema changes in `migrations/`, applied in file-name order, each with a `down`. The
 * compiled build runs their JavaScript from dist/migrations under the same names (`0001-….ts`), so
 * a database migrated by either knows what the other has applied.
 */
export function createMigrator(sequelize: Sequelize) {
  const [folder, files] = runsCompiled
    ? [join(repoRoot, 'dist', 'migrations'), '*.js']
    : [join(repoRoot, 'migrations'), '*.ts'];
  return new Umzug<MigrationContext>({
    migrations: {
      glob: [files, { cwd: folder, ignore: ['*.test.ts', '*.d.ts'] }],
      resolve: ({ name, path, context }) => ({
        name: name.replace(/\.js$/, '.ts'),
        up: async () => (await import(path!)).up({ context }),
        down: async () => (await import(path!)).down({ context }),
      }),
    },
    context: { queryInterface: sequelize.getQueryInterface(), sequelize },
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

/**
 * Runs every seeder in `seeders/` in file-name order. Seeders are idempotent on their own (they
 * create what is missing and touch nothing else), so they run every time rather than once.
 */
export async function runSeeders(sequelize: Sequelize): Promise<string[]> {
  const folder = join(repoRoot, 'seeders');
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort();
  for (const name of names) {
    const seeder = (await import(join(folder, name))) as { up: Migration };
    await seeder.up({ context: { queryInterface: sequelize.getQueryInterface(), sequelize } });
  }
  return names;
}
