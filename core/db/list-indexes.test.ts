import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';

// The indexes the runs list, a run's page and the workflows list rely on to answer in a few
// milliseconds at 100,000 runs (`npm run bench:api` shows the plans): without one, its query
// still answers, only by reading the whole table, so no functional test would notice it missing.
const expected: Array<{ table: string; name: string; columns: string; where?: string; why: string }> = [
  {
    table: 'workflow_runs',
    name: 'workflow_runs_created_at_id_idx',
    columns: 'created_at, id',
    why: "an admin's runs, newest first, at any depth",
  },
  {
    table: 'workflow_runs',
    name: 'workflow_runs_status_created_at_id_idx',
    columns: 'run_status, created_at, id',
    why: "an admin's runs filtered by status",
  },
  {
    table: 'workflow_runs',
    name: 'workflow_runs_workflow_created_at_id_idx',
    columns: 'workflow_id, created_at, id',
    why: "a member's runs (per workflow of theirs) and any list filtered by workflow",
  },
  {
    table: 'workflow_runs',
    name: 'workflow_runs_workflow_status_created_at_id_idx',
    columns: 'workflow_id, run_status, created_at, id',
    why: "a member's runs filtered by status, and by workflow and status",
  },
  {
    table: 'tasks',
    name: 'tasks_run_node_unique',
    columns: 'workflow_run_id, node_id',
    why: "a run's tasks on its page",
  },
  { table: 'workflows', name: 'workflows_owner_id_idx', columns: 'owner_id', why: "a member's workflows" },
  {
    table: 'workflow_runs',
    name: 'workflow_runs_tests_finished_idx',
    columns: 'finished_at',
    where: "(run_trigger) = 'test'", // as PostgreSQL writes it back, casts left out
    why: 'the test runs past their retention (test-run-retention.ts)',
  },
  {
    table: 'chat_messages',
    name: 'chat_messages_test_run_id_idx',
    columns: 'test_run_id',
    where: 'test_run_id IS NOT NULL',
    why: 'the message a deleted test run clears',
  },
  {
    table: 'chat_conversations',
    name: 'chat_conversations_test_workflow_id_idx',
    columns: 'test_workflow_id',
    where: 'test_workflow_id IS NOT NULL',
    why: "the conversation a deleted proposal's workflow clears",
  },
];

const escape = (text: string) => text.replace(/[()]/g, '\\$&');

let db: MigratedDatabase;
beforeAll(async () => {
  db = await migratedTestDatabase();
});
afterAll(() => db.drop());

it.each(expected)('$name on $table ($columns): $why', async ({ table, name, columns, where }) => {
  const rows = await db.sequelize.query<{ indexdef: string }>(
    'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexname = $3',
    { bind: ['public', table, name], type: QueryTypes.SELECT },
  );
  expect(rows).toHaveLength(1);
  const indexdef = rows[0]!.indexdef.replace(/::text/g, '');
  expect(indexdef).toMatch(new RegExp(`USING btree \\(${columns}\\)${where ? ` WHERE \\(${escape(where)}\\)` : ''}$`));
});
