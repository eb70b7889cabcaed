import type { Migration } from '../core/db/migrator';

// The runs list pages newest first by (created_at, id). Each way it reads runs gets an index in
// that order (scanned backward), so a page reads about its 25 rows and stops, at any depth,
// instead of sorting every visible run (a seq scan of 100,000 rows took 60-80 ms a page):
// - an admin's list, unfiltered or by status: (created_at, id), (run_status, created_at, id);
// - a member's, per workflow of theirs (server/runs/own-run-page.ts), and anyone's filtered by
//   workflow: (workflow_id, created_at, id), and with a status (workflow_id, run_status, …).
// workflow_runs_workflow_id_idx stays: the seed document lists it.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE INDEX workflow_runs_created_at_id_idx ON workflow_runs (created_at, id);
    CREATE INDEX workflow_runs_status_created_at_id_idx ON workflow_runs (run_status, created_at, id);
    CREATE INDEX workflow_runs_workflow_created_at_id_idx ON workflow_runs (workflow_id, created_at, id);
    CREATE INDEX workflow_runs_workflow_status_created_at_id_idx
      ON workflow_runs (workflow_id, run_status, created_at, id);
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX workflow_runs_created_at_id_idx;
    DROP INDEX workflow_runs_status_created_at_id_idx;
    DROP INDEX workflow_runs_workflow_created_at_id_idx;
    DROP INDEX workflow_runs_workflow_status_created_at_id_idx;
  `);
};
