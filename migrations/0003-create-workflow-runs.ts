import type { Migration } from '../core/db/migrator';

// 'cancelled' joins the seed's four statuses: a person can cancel a run in flight.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE TABLE workflow_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      workflow_id uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
      run_status varchar(50) NOT NULL DEFAULT 'pending'
        CHECK (run_status IN ('pending', 'running', 'success', 'failed', 'cancelled')),
      input_payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      result_summary jsonb,
      started_at timestamptz,
      finished_at timestamptz
    );
    CREATE INDEX workflow_runs_workflow_id_idx ON workflow_runs (workflow_id);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('DROP TABLE workflow_runs');
};
