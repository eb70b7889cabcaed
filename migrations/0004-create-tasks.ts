import type { Migration } from '../core/db/migrator';

// 'skipped' marks nodes on a branch a condition did not take, or downstream of a failure.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workflow_run_id uuid NOT NULL REFERENCES workflow_runs (id) ON DELETE CASCADE,
      node_id varchar(255) NOT NULL,
      task_status varchar(50) NOT NULL DEFAULT 'pending'
        CHECK (task_status IN ('pending', 'running', 'success', 'failed', 'skipped', 'cancelled')),
      attempt_count integer NOT NULL DEFAULT 0 CHECK (attempt_count >= 0),
      logs jsonb NOT NULL DEFAULT '{}'::jsonb,
      started_at timestamptz,
      finished_at timestamptz
    );
    CREATE INDEX tasks_workflow_run_id_idx ON tasks (workflow_run_id);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE tasks');
};
