import type { Migration } from '../core/db/migrator';

// config holds only non-secret settings; credentials live encrypted in `secrets` (secrets_ref).
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE connectors (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name varchar(255) NOT NULL,
      type varchar(100) NOT NULL,
      config jsonb NOT NULL DEFAULT '{}'::jsonb,
      secrets_ref varchar(255),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX connectors_owner_id_idx ON connectors (owner_id);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE connectors');
};
