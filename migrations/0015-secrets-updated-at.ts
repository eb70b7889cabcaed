import type { Migration } from '../core/db/migrator';

// Secret values are write-only, so when one was last replaced is all a person can check about it.
// Existing rows start from their creation time.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE secrets ADD COLUMN updated_at timestamptz;
    UPDATE secrets SET updated_at = created_at;
    ALTER TABLE secrets ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now();
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('ALTER TABLE secrets DROP COLUMN updated_at');
};
