import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Sequelize } from 'sequelize';
import { inject } from 'vitest';
import { initModels, type Models } from '../core/db/models';
import { createMigrator } from '../core/db/migrator';
import { createSequelize } from '../core/db/sequelize';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on the suite's server, so test files never see each other's rows. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(inject('postgresAdminUrl'));
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface MigratedDatabase {
  url: string;
  sequelize: Sequelize;
  models: Models;
  /** Closes the connection pool and drops the database. */
  drop(): Promise<void>;
}

/** A new database with every migration applied and the models bound to it. */
export async function migratedTestDatabase(): Promise<MigratedDatabase> {
  const database = await createTestDatabase();
  const sequelize = createSequelize(database.url);
  await createMigrator(sequelize).up();
  return {
    url: database.url,
    sequelize,
    models: initModels(sequelize),
    drop: async () => {
      await sequelize.close();
      await database.drop();
    },
  };
}
