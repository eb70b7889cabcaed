import type { Migration } from '../core/db/migrator';

// The trail outlives its actors: deleting a user keeps their entries with actor_id set to null.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE audit_logs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
      action varchar(100) NOT NULL,
      resource_type varchar(100) NOT NULL,
      resource_id uuid,
      details jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX audit_logs_actor_id_idx ON audit_logs (actor_id);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE audit_logs');
};
