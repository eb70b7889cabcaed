import type { Migration } from '../core/db/migrator';

// Webhook triggers: each workflow's signing secret is a row of `secrets` named
// `webhook:<workflow id>` (so one name per owner must be unique), and every accepted delivery's
// signature is remembered for the replay window, so a captured request cannot be sent again.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE UNIQUE INDEX secrets_owner_id_name_unique ON secrets (owner_id, name);
    CREATE TABLE webhook_deliveries (
      workflow_id uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
      signature varchar(128) NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workflow_id, signature)
    );
    CREATE INDEX webhook_deliveries_received_at_idx ON webhook_deliveries (received_at);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE webhook_deliveries; DROP INDEX secrets_owner_id_name_unique;');
};
