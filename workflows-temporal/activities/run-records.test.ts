import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runFinishedChannel } from '../../core/run/run-finished';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { createOwner } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { finishRun } from './run-records';

let db: MigratedDatabase;
let listener: pg.Client;
const notified: string[] = [];

beforeAll(async () => {
  db = await migratedTestDatabase();
  listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (message) => notified.push(message.payload ?? ''));
  await listener.query(`LISTEN ${runFinishedChannel}`);
});
afterAll(async () => {
  await listener?.end();
  await db?.drop();
});

it('ends a run with a summary of its tasks and tells listeners which run ended', async () => {
  const owner = await createOwner(db.models);
  const spec: WorkflowSpec = { trigger: { type: 'webhook' }, nodes: [], edges: [] };
  const workflow = await db.models.Workflow.create({
    ownerId: owner.id,
    name: 'w',
    specJson: spec,
    llmPromptVersion: null,
  });
  const run = await db.models.WorkflowRun.create({
    workflowId: workflow.id,
    runStatus: 'running',
    startedAt: new Date(),
  });
  await db.models.Task.bulkCreate([
    { workflowRunId: run.id, nodeId: 'a', taskStatus: 'success' },
    {
      workflowRunId: run.id,
      nodeId: 'b',
      taskStatus: 'failed',
      logs: { error: { message: 'HTTP 404', type: 'HttpClientError', retryable: false } },
    },
  ]);

  await finishRun({ models: db.models }, { runId: run.id, status: 'failed' });

  await run.reload();
  expect(run.runStatus).toBe('failed');
  expect(run.finishedAt).toBeInstanceOf(Date);
  expect(run.resultSummary).toMatchObject({
    status: 'failed',
    nodes: { a: 'success', b: 'failed' },
    failures: [{ nodeId: 'b', error: 'HTTP 404' }],
  });
  await expect.poll(() => notified, { timeout: 10_000 }).toContain(run.id);
});
