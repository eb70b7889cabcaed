import type { Migration } from '../core/db/migrator';

// Admins disable accounts rather than delete them: the person's workflows, runs and audit trail
// stay, and they can no longer sign in or use their API tokens.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('ALTER TABLE users ADD COLUMN disabled_at timestamptz');
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('ALTER TABLE users DROP COLUMN disabled_at');
};
