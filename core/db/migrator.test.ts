import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../config/paths';
import { createTestDatabase } from '../../testing/test-database';
import { createMigrator } from './migrator';
import { liveColumns, liveForeignKeys, liveIndexes } from './schema-inspection';
import { createSequelize } from './sequelize';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sequelize: ReturnType<typeof createSequelize>;

beforeAll(async () => {
  database = await createTestDatabase();
  sequelize = createSequelize(database.url);
});
afterAll(async () => {
  await sequelize.close();
  await database.drop();
});

const snapshot = async () => ({
  columns: await liveColumns(sequelize),
  foreignKeys: (await liveForeignKeys(sequelize)).sort((a, b) =>
    `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`),
  ),
  indexes: (await liveIndexes(sequelize)).sort((a, b) => a.name.localeCompare(b.name)),
});

it('migrates up, all the way down, and up again to the same schema', async () => {
  const migrator = createMigrator(sequelize);
  const files = readdirSync(join(repoRoot, 'migrations'))
    .filter((f) => f.endsWith('.ts'))
    .sort();

  const applied = await migrator.up();
  expect(applied.map((m) => m.name)).toEqual(files);
  const first = await snapshot();
  expect(new Set(first.columns.map((c) => c.table)).size).toBeGreaterThanOrEqual(9);

  const reverted = await migrator.down({ to: 0 });
  expect(reverted.map((m) => m.name)).toEqual([...files].reverse());
  // Only umzug's own bookkeeping table is left.
  expect([...new Set((await liveColumns(sequelize)).map((c) => c.table))]).toEqual(['schema_migrations']);

  await migrator.up();
  expect(await snapshot()).toEqual(first);
  expect(await migrator.pending()).toEqual([]);
});
