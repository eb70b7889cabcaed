import type { Migration } from '../core/db/migrator';

// Test runs (`runs.test`, decision 0011): a spec run on Temporal with its side effects replaced by
// samples. They are workflow runs like any other (the engine records every node the same way), told
// apart by their trigger, "test", and holding the samples their nodes answer with in `test_plan`:
// the API picks them (pinned, last real output, derived) before the run starts, so the worker reads
// them with the task it runs and Temporal history never holds them. A person pins a node's output on
// a version of the workflow (`pinned_outputs`); a new version keeps the pins of the nodes it keeps.
// The chat tests each proposal it makes; the message names that test run (`test_run_id`). A new
// workflow's proposals are tested on a hidden workflow row of status `proposal`, which the
// conversation keeps (`test_workflow_id`) and which becomes the workflow when one is accepted.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE workflow_runs DROP CONSTRAINT workflow_runs_run_trigger_check;
    ALTER TABLE workflow_runs ADD CONSTRAINT workflow_runs_run_trigger_check
      CHECK (run_trigger IN ('manual', 'webhook', 'rerun', 'resume', 'schedule', 'test'));
    ALTER TABLE workflow_runs ADD COLUMN test_plan jsonb;
    ALTER TABLE workflow_runs ADD CONSTRAINT workflow_runs_test_plan_check
      CHECK ((run_trigger = 'test') = (test_plan IS NOT NULL));
    CREATE INDEX workflow_runs_tests_idx ON workflow_runs (workflow_id, created_at DESC, id DESC)
      WHERE run_trigger = 'test';
    ALTER TABLE workflow_versions ADD COLUMN pinned_outputs jsonb NOT NULL DEFAULT '{}'::jsonb;
    ALTER TABLE chat_messages ADD COLUMN test_run_id uuid REFERENCES workflow_runs (id) ON DELETE SET NULL;
    ALTER TABLE workflows DROP CONSTRAINT workflows_status_check;
    ALTER TABLE workflows ADD CONSTRAINT workflows_status_check
      CHECK (status IN ('draft', 'active', 'archived', 'proposal'));
    ALTER TABLE chat_conversations ADD COLUMN test_workflow_id uuid REFERENCES workflows (id) ON DELETE SET NULL;
  `);
};

// Going back deletes the test runs (their tasks go with them): nothing else could tell them from
// real runs. Real runs are kept.
export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    ALTER TABLE chat_messages DROP COLUMN test_run_id;
    ALTER TABLE chat_conversations DROP COLUMN test_workflow_id;
    DELETE FROM workflows WHERE status = 'proposal';
    ALTER TABLE workflows DROP CONSTRAINT workflows_status_check;
    ALTER TABLE workflows ADD CONSTRAINT workflows_status_check CHECK (status IN ('draft', 'active', 'archived'));
    DELETE FROM workflow_runs WHERE run_trigger = 'test';
    ALTER TABLE workflow_versions DROP COLUMN pinned_outputs;
    DROP INDEX workflow_runs_tests_idx;
    ALTER TABLE workflow_runs DROP CONSTRAINT workflow_runs_test_plan_check;
    ALTER TABLE workflow_runs DROP COLUMN test_plan;
    ALTER TABLE workflow_runs DROP CONSTRAINT workflow_runs_run_trigger_check;
    ALTER TABLE workflow_runs ADD CONSTRAINT workflow_runs_run_trigger_check
      CHECK (run_trigger IN ('manual', 'webhook', 'rerun', 'resume', 'schedule'));
  `);
};
