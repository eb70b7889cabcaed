import type { Migration } from '../core/db/migrator';

// A run can resume a failed one (`runs.resume`): it reuses the outputs of the nodes that succeeded
// and runs the rest. It names the run it resumes, which the run page links to. No foreign key: the
// seed document's keys are the contract (schema-contract.test.ts), and a link to a run deleted
// since only leads to the page that says the run is not there.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE workflow_runs ADD COLUMN resumed_from_run_id uuid;
    ALTER TABLE workflow_runs DROP CONSTRAINT workflow_runs_run_trigger_check;
    ALTER TABLE workflow_runs ADD CONSTRAINT workflow_runs_run_trigger_check
      CHECK (run_trigger IN ('manual', 'webhook', 'rerun', 'resume', 'schedule'));
  `);
};

// Going back, a resuming run reads as the re-run it is closest to; no run is deleted.
export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    UPDATE workflow_runs SET run_trigger = 'rerun' WHERE run_trigger = 'resume';
    ALTER TABLE workflow_runs DROP COLUMN resumed_from_run_id;
    ALTER TABLE workflow_runs DROP CONSTRAINT workflow_runs_run_trigger_check;
    ALTER TABLE workflow_runs ADD CONSTRAINT workflow_runs_run_trigger_check
      CHECK (run_trigger IN ('manual', 'webhook', 'rerun', 'schedule'));
  `);
};
