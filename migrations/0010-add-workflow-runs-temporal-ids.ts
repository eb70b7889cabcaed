import type { Migration } from '../core/db/migrator';

// Links each run to its Temporal execution. Scheduled runs are started by Temporal, not by us:
// the workflow creates its own row keyed on this unique id, so a retried start creates one row.
// created_at orders runs (started_at stays null while a run is pending). spec_snapshot is the
// spec the run executed, so a re-run can repeat it and the run page can draw it as it ran.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE workflow_runs
      ADD COLUMN temporal_workflow_id varchar(255),
      ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN spec_snapshot jsonb;
    CREATE UNIQUE INDEX workflow_runs_temporal_workflow_id_unique ON workflow_runs (temporal_workflow_id);
    CREATE UNIQUE INDEX tasks_run_node_unique ON tasks (workflow_run_id, node_id);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX tasks_run_node_unique;
    ALTER TABLE workflow_runs DROP COLUMN temporal_workflow_id, DROP COLUMN created_at, DROP COLUMN spec_snapshot;
  `);
};
