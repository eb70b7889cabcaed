import type { Migration } from '../core/db/migrator';

// The test-run prune (server/runs/test-run-retention.ts) finds test runs by when they ended, and
// deleting one clears the chat message that names it, as deleting a proposal's hidden workflow
// clears its conversation's link: without these indexes each deleted row would scan those tables.
export const up: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    CREATE INDEX workflow_runs_tests_finished_idx ON workflow_runs (finished_at) WHERE run_trigger = 'test';
    CREATE INDEX chat_messages_test_run_id_idx ON chat_messages (test_run_id) WHERE test_run_id IS NOT NULL;
    CREATE INDEX chat_conversations_test_workflow_id_idx ON chat_conversations (test_workflow_id)
      WHERE test_workflow_id IS NOT NULL;
  `);
};

export const down: Migration = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DROP INDEX workflow_runs_tests_finished_idx;
    DROP INDEX chat_messages_test_run_id_idx;
    DROP INDEX chat_conversations_test_workflow_id_idx;
  `);
};
