import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitUntil } from '../../testing/run-environment';
import { createOwner } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { endRun } from './end-run';

let db: MigratedDatabase;

beforeAll(async () => {
  db = await migratedTestDatabase();
});
afterAll(() => db?.drop());

async function runWithTasks(runStatus: 'running' | 'success') {
  const owner = await createOwner(db.models, `${crypto.randomUUID()}@example.com`);
  const workflow = await db.models.Workflow.create({
    ownerId: owner.id,
    name: 'w',
    specJson: { trigger: { type: 'manual' }, nodes: [], edges: [] },
    llmPromptVersion: null,
  });
  const run = await db.models.WorkflowRun.create({ workflowId: workflow.id, runStatus, startedAt: new Date() });
  await db.models.Task.bulkCreate([
    { workflowRunId: run.id, nodeId: 'done', taskStatus: 'success' },
    { workflowRunId: run.id, nodeId: 'going', taskStatus: 'running' },
    { workflowRunId: run.id, nodeId: 'later', taskStatus: 'pending' },
  ]);
  return run;
}

it('ends a run not ended yet, cancelling its unfinished tasks and saying why', async () => {
  const run = await runWithTasks('running');
  const ended = await endRun(db.sequelize, {
    runId: run.id,
    status: 'failed',
    cancelUnfinished: true,
    error: 'It stopped.',
    summary: { execution: 'terminated' },
    onlyUnended: true,
  });
  expect(ended).toEqual({ firstEnd: true });
  await run.reload();
  expect(run.runStatus).toBe('failed');
  expect(run.resultSummary).toMatchObject({
    status: 'failed',
    nodes: { done: 'success', going: 'cancelled', later: 'cancelled' },
    error: 'It stopped.',
    execution: 'terminated',
  });
  const tasks = await db.models.Task.findAll({ where: { workflowRunId: run.id, taskStatus: 'cancelled' } });
  expect(tasks.map((task) => task.nodeId).sort()).toEqual(['going', 'later']);
});

it('leaves a run that has ended, and its tasks, as they are when asked for an unended one only', async () => {
  const run = await runWithTasks('success');
  const input = { runId: run.id, status: 'failed', cancelUnfinished: true, error: 'late' } as const;
  expect(await endRun(db.sequelize, { ...input, onlyUnended: true })).toBeNull();
  await run.reload();
  expect(run.runStatus).toBe('success');
  expect(run.resultSummary).toBeNull();
  expect(await db.models.Task.count({ where: { workflowRunId: run.id, taskStatus: 'cancelled' } })).toBe(0);

  // The worker's way ends it whatever it was (an activity run again ends the run again).
  expect(await endRun(db.sequelize, { ...input, onlyUnended: false })).toEqual({ firstEnd: true });
  await run.reload();
  expect(run.runStatus).toBe('failed');
});

it('touches nothing when another end commits while it waits for the run, and counts one first end', async () => {
  const run = await runWithTasks('running');
  // The worker ending the run, its transaction still open.
  const worker = await db.sequelize.transaction();
  await db.sequelize.query(`UPDATE workflow_runs SET run_status = 'success', finished_at = now() WHERE id = :id`, {
    replacements: { id: run.id },
    transaction: worker,
  });
  const sweep = endRun(db.sequelize, {
    runId: run.id,
    status: 'failed',
    cancelUnfinished: true,
    error: 'It stopped.',
    onlyUnended: true,
  });
  await waitUntil('the sweep to wait for the run', async () => {
    const [waiting] = await db.sequelize.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH target AS%'`,
      { type: QueryTypes.SELECT },
    );
    return waiting!.count > 0 || undefined;
  });
  await worker.commit();

  expect(await sweep).toBeNull();
  await run.reload();
  expect(run.runStatus).toBe('success');
  expect(await db.models.Task.count({ where: { workflowRunId: run.id, taskStatus: 'cancelled' } })).toBe(0);
  // Ending it again (an activity run again) is not a first end.
  const again = { runId: run.id, status: 'success', cancelUnfinished: false, error: null, onlyUnended: false } as const;
  expect(await endRun(db.sequelize, again)).toEqual({ firstEnd: false });
});
