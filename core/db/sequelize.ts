import pg from 'pg';
import { Sequelize } from 'sequelize';

/** One Sequelize instance per process; UTC timestamps, no SQL logging (rows may hold secrets). */
export function createSequelize(databaseUrl: string): Sequelize {
  return new Sequelize(databaseUrl, {
    dialect: 'postgres',
    dialectModule: pg,
    logging: false,
    timezone: '+00:00',
    pool: { max: 10, idle: 10_000 },
  });
}
