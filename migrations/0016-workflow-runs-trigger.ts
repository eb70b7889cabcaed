import type { Migration } from '../core/db/migrator';

// What started each run (a person, a re-run, a webhook or the workflow's schedule), so the runs
// list can say so. Runs recorded before this column: scheduled ones are known by their Temporal
// workflow id (the app's own start `run-<id>`); for the rest it stays NULL, "not recorded".
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE workflow_runs ADD COLUMN run_trigger varchar(20)
      CHECK (run_trigger IN ('manual', 'webhook', 'rerun', 'schedule'));
    UPDATE workflow_runs SET run_trigger = 'schedule' WHERE temporal_workflow_id NOT LIKE 'run-%';
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query('ALTER TABLE workflow_runs DROP COLUMN run_trigger');
};
