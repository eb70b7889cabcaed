import type { Migration } from '../core/db/migrator';

// The sign-in limiter counts failures per (email, address) pair and prunes rows by age: both
// lookups get an index of their own, so neither scans the table while an attacker fills it.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE INDEX login_failures_pair_idx ON login_failures (email, ip, created_at);
    CREATE INDEX login_failures_created_at_idx ON login_failures (created_at);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP INDEX login_failures_pair_idx; DROP INDEX login_failures_created_at_idx');
};
