import type { Migration } from '../core/db/migrator';

// Failure alerts (decision 0014): per workflow, where to say that a run failed (an email through one
// of the owner's SMTP connectors, a signed webhook, or both) and how often at most (`window_minutes`).
// The rest is the alerts' own bookkeeping, written by the worker: the window is claimed atomically
// (`last_sent_at`, `last_run_id`), failures inside it are counted (`suppressed_count`) for the next
// alert to report (`last_suppressed` is what the last one reported, kept for its retries), the
// channels already delivered for the last run (`delivered`, so a retry does not send twice), and
// the last delivery error, shown on the settings. The webhook's signing secret is a `secrets` row
// (`webhook:alert:<workflow id>`), encrypted and rotated like every other secret.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE workflow_alerts (
      workflow_id uuid PRIMARY KEY REFERENCES workflows (id) ON DELETE CASCADE,
      email_enabled boolean NOT NULL DEFAULT false,
      email_recipients jsonb NOT NULL DEFAULT '[]'::jsonb,
      smtp_connector_id uuid REFERENCES connectors (id) ON DELETE SET NULL,
      webhook_enabled boolean NOT NULL DEFAULT false,
      webhook_url text,
      window_minutes integer NOT NULL DEFAULT 15 CHECK (window_minutes BETWEEN 1 AND 10080),
      last_sent_at timestamptz,
      last_run_id uuid,
      last_suppressed integer NOT NULL DEFAULT 0,
      suppressed_count integer NOT NULL DEFAULT 0,
      delivered text[] NOT NULL DEFAULT '{}',
      last_error text,
      last_error_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (NOT webhook_enabled OR webhook_url IS NOT NULL)
    );
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DELETE FROM secrets WHERE name LIKE 'webhook:alert:%';
    DROP TABLE workflow_alerts;
  `);
};
