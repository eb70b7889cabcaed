import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunStatus, RunTrigger, WorkflowStatus } from '../../core/db/enums';
import { createOwner } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { pruneTestRuns } from './test-run-retention';

let db: MigratedDatabase;
let ownerId: string;

beforeAll(async () => {
  db = await migratedTestDatabase();
  ownerId = (await createOwner(db.models)).id;
});
afterAll(() => db?.drop());

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function workflow(status: WorkflowStatus, createdDaysAgo = 0) {
  const created = await db.models.Workflow.create({
    ownerId,
    name: status,
    specJson: { trigger: { type: 'manual' }, nodes: [], edges: [] },
    llmPromptVersion: null,
    status,
  });
  await db.sequelize.query(`UPDATE workflows SET created_at = :at WHERE id = :id`, {
    replacements: { at: daysAgo(createdDaysAgo), id: created.id },
  });
  return created;
}

async function run(workflowId: string, runTrigger: RunTrigger, runStatus: RunStatus, finishedDaysAgo: number | null) {
  const created = await db.models.WorkflowRun.create({
    workflowId,
    runTrigger,
    runStatus,
    testPlan: runTrigger === 'test' ? { samples: {}, approvals: {} } : null,
    finishedAt: finishedDaysAgo === null ? null : daysAgo(finishedDaysAgo),
  });
  await db.models.Task.create({ workflowRunId: created.id, nodeId: 'a', taskStatus: 'success' });
  return created.id;
}

const exists = async (ids: string[]) =>
  (await db.models.WorkflowRun.findAll({ where: { id: ids } })).map((found) => found.id).sort();

it('deletes test runs that ended before the retention, with their tasks, and nothing else', async () => {
  const draft = await workflow('draft');
  const old = [
    await run(draft.id, 'test', 'success', 31),
    await run(draft.id, 'test', 'failed', 40),
    await run(draft.id, 'test', 'cancelled', 365),
  ];
  const kept = [
    await run(draft.id, 'test', 'success', 29),
    await run(draft.id, 'test', 'running', null),
    await run(draft.id, 'manual', 'success', 400),
  ];

  // One test run a statement: the deleting goes on until none is left.
  expect(
    await pruneTestRuns({ sequelize: db.sequelize, config: { TEST_RUN_RETENTION_DAYS: 30 } }, { batch: 1 }),
  ).toEqual({ runs: 3, proposals: 0 });
  expect(await exists([...old, ...kept])).toEqual([...kept].sort());
  expect(await db.models.Task.count({ where: { workflowRunId: old } })).toBe(0);
  expect(await db.models.Task.count({ where: { workflowRunId: kept } })).toBe(3);
});

it('deletes an unaccepted proposal workflow once it is old and has no test run left', async () => {
  const gone = await workflow('proposal', 31);
  const recentlyTested = await workflow('proposal', 60);
  await run(recentlyTested.id, 'test', 'success', 2);
  const young = await workflow('proposal', 3);
  const oldDraft = await workflow('draft', 90);

  expect(await pruneTestRuns({ sequelize: db.sequelize, config: { TEST_RUN_RETENTION_DAYS: 30 } })).toEqual({
    runs: 0,
    proposals: 1,
  });
  const left = await db.models.Workflow.findAll({ where: { id: [gone.id, recentlyTested.id, young.id, oldDraft.id] } });
  expect(left.map((found) => found.id).sort()).toEqual([recentlyTested.id, young.id, oldDraft.id].sort());
});

it('keeps everything when the retention is 0', async () => {
  const draft = await workflow('draft');
  const old = await run(draft.id, 'test', 'success', 1000);
  await workflow('proposal', 1000);
  expect(await pruneTestRuns({ sequelize: db.sequelize, config: { TEST_RUN_RETENTION_DAYS: 0 } })).toEqual({
    runs: 0,
    proposals: 0,
  });
  expect(await exists([old])).toEqual([old]);
});
