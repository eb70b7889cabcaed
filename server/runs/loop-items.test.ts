import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User, WorkflowRun } from '../../core/db/models';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { callerFor } from '../../testing/caller';
import { createAdmin, createOwner } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { testConfig } from '../../testing/test-server';
import { closeAppServices, createAppServices, type AppServices } from '../app-services';

// runs.get and runs.items on a run whose loop rows are seeded as the worker writes them
// (workflows-temporal/activities/loop-records.ts): 10,000 items, every 7th from 3 failed, the last
// 10 not run yet; and a loop inside a loop.

let db: MigratedDatabase;
let services: AppServices;
let owner: User;
let other: User;
let admin: User;
let run: WorkflowRun;
let nestedRun: WorkflowRun;

const ITEMS = 10_000;
const transform = (id: string, loop?: string) =>
  ({
    id,
    type: 'transform',
    name: id,
    ...(loop && { loop }),
    config: { fields: [{ name: 'x', value: '1' }] },
  }) as const;
const loop = (id: string, extra: object = {}) =>
  ({ id, type: 'for_each', name: `Loop ${id}`, config: { items: '{{ trigger.list }}' }, ...extra }) as const;
const spec = {
  trigger: { type: 'manual' },
  nodes: [transform('fetch'), loop('each'), transform('send', 'each'), transform('mail', 'each'), transform('report')],
  edges: [
    ['fetch', 'each'],
    ['send', 'mail'],
    ['each', 'report'],
  ],
} as unknown as WorkflowSpec;
const nestedSpec = {
  trigger: { type: 'manual' },
  nodes: [
    loop('customers'),
    transform('who', 'customers'),
    loop('orders', { loop: 'customers' }),
    transform('line', 'orders'),
  ],
  edges: [['who', 'orders']],
} as unknown as WorkflowSpec;

beforeAll(async () => {
  db = await migratedTestDatabase();
  services = createAppServices(testConfig(db.url));
  owner = await createOwner(services.models);
  other = await createOwner(services.models, 'other@example.com');
  admin = await createAdmin(services.models);
  const workflow = await services.models.Workflow.create({
    ownerId: owner.id,
    name: 'Invoices',
    specJson: spec,
    llmPromptVersion: null,
  });
  run = await services.models.WorkflowRun.create({ workflowId: workflow.id, runStatus: 'running', specSnapshot: spec });
  nestedRun = await services.models.WorkflowRun.create({
    workflowId: workflow.id,
    runStatus: 'success',
    specSnapshot: nestedSpec,
  });
  const start = new Date(Date.UTC(2026, 0, 1));
  await services.models.Task.bulkCreate([
    { workflowRunId: run.id, nodeId: 'fetch', taskStatus: 'success', startedAt: start },
    {
      workflowRunId: run.id,
      nodeId: 'each',
      taskStatus: 'running',
      startedAt: new Date(start.getTime() + 1000),
      logs: { itemCount: ITEMS },
    },
    { workflowRunId: run.id, nodeId: 'report', taskStatus: 'pending' },
  ]);
  await db.sequelize.query(
    `WITH items AS (
       SELECT g, CASE WHEN g >= :items - 10 THEN 'pending' WHEN g % 7 = 3 THEN 'failed' ELSE 'success' END AS status
         FROM generate_series(0, :items - 1) g
     ), rows AS (
       SELECT 'each[' || g || ']' AS node_id, status,
              jsonb_build_object('item', CASE WHEN g = 1 THEN to_jsonb(repeat('x', 10000))
                                              ELSE jsonb_build_object('number', g) END)
              || CASE WHEN status = 'failed' THEN jsonb_build_object('error', jsonb_build_object(
                   'message', 'send: HTTP 402 card declined ' || g, 'type', 'ItemFailed', 'retryable', false))
                 ELSE '{}' END AS logs
         FROM items
       UNION ALL
       SELECT 'send[' || g || ']', status,
              CASE WHEN status = 'failed'
                   THEN jsonb_build_object('error', jsonb_build_object('message', 'HTTP 402 card declined', 'type', 'HttpError', 'retryable', false))
                   ELSE jsonb_build_object('output', jsonb_build_object('big', repeat('y', CASE WHEN g = 2 THEN 40000 ELSE 5 END))) END
         FROM items WHERE g < :items - 10
       UNION ALL
       SELECT 'mail[' || g || ']', CASE WHEN status = 'failed' THEN 'skipped' ELSE status END, '{}'
         FROM items WHERE g < :items - 10
     )
     INSERT INTO tasks (workflow_run_id, node_id, task_status, logs, attempt_count, started_at, finished_at)
     SELECT :runId, node_id, status, logs, 1, now(), CASE WHEN status = 'pending' THEN NULL ELSE now() END FROM rows`,
    { replacements: { runId: run.id, items: ITEMS } },
  );
  // customers: 2 items; orders of customer 0: 3 items (the middle one failed); of customer 1: 1.
  const nested: Array<[string, 'success' | 'failed', object?]> = [
    ['customers', 'success', { itemCount: 2 }],
    ['customers[0]', 'success', { item: { name: 'Ada' } }],
    ['customers[1]', 'success', { item: { name: 'Bo' } }],
    ['who[0]', 'success', { output: { name: 'Ada' } }],
    ['who[1]', 'success', { output: { name: 'Bo' } }],
    ['orders[0]', 'success', { itemCount: 3 }],
    ['orders[1]', 'success', { itemCount: 1 }],
    ['orders[0][0]', 'success', { item: 'tea' }],
    ['orders[0][1]', 'failed', { item: 'cake', error: { message: 'line: no cake', type: 'ItemFailed' } }],
    ['orders[0][2]', 'success', { item: 'pie' }],
    ['orders[1][0]', 'success', { item: 'jam' }],
    ['line[0][0]', 'success', { output: { text: 'Ada #0: tea' } }],
    ['line[0][1]', 'failed', { error: { message: 'no cake', type: 'NodeError' } }],
    ['line[0][2]', 'success', { output: { text: 'Ada #2: pie' } }],
    ['line[1][0]', 'success', { output: { text: 'Bo #0: jam' } }],
  ];
  await services.models.Task.bulkCreate(
    nested.map(([nodeId, taskStatus, logs]) => ({ workflowRunId: nestedRun.id, nodeId, taskStatus, logs: logs ?? {} })),
  );
}, 120_000);
afterAll(async () => {
  await closeAppServices(services);
  await db.drop();
});

const failedBefore = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 === 3).length;

describe('runs.get with a loop', () => {
  it('returns the top-level tasks only, with the loop’s progress counted by the database', async () => {
    const started = performance.now();
    const got = await callerFor(services, owner).runs.get({ runId: run.id });
    console.log(`runs.get of a run with ${ITEMS} items: ${Math.round(performance.now() - started)} ms`);
    expect(got.tasks.map((t) => t.nodeId)).toEqual(['fetch', 'each', 'report']);
    const failed = failedBefore(ITEMS - 10);
    expect(got.progress.loops).toEqual({
      each: { total: ITEMS, succeeded: ITEMS - 10 - failed, failed, skipped: 0, cancelled: 0, pending: 10 },
    });
    expect(got.progress.bodyNodes.send).toEqual({
      total: ITEMS - 10,
      succeeded: ITEMS - 10 - failed,
      failed,
      skipped: 0,
      cancelled: 0,
      pending: 0,
    });
    expect(got.progress.bodyNodes.mail).toMatchObject({ total: ITEMS - 10, skipped: failed, failed: 0 });
  });

  it('counts a nested loop’s items across the outer items, and its body per row', async () => {
    const got = await callerFor(services, owner).runs.get({ runId: nestedRun.id });
    expect(got.tasks.map((t) => t.nodeId)).toEqual(['customers']);
    expect(got.progress.loops.customers).toMatchObject({ total: 2, succeeded: 2 });
    expect(got.progress.loops.orders).toMatchObject({ total: 4, succeeded: 3, failed: 1 });
    expect(got.progress.bodyNodes.orders).toMatchObject({ total: 2, succeeded: 2 });
    expect(got.progress.bodyNodes.line).toMatchObject({ total: 4, succeeded: 3, failed: 1 });
  });

  it('follows the run in runs.watch with the same shape', async () => {
    for await (const snapshot of await callerFor(services, owner).runs.watch({ runId: run.id })) {
      expect(snapshot.tasks).toHaveLength(3);
      expect(snapshot.progress.loops.each!.total).toBe(ITEMS);
      break;
    }
  });
});

describe('runs.items', () => {
  it('pages through every item in index order, each with its body tasks', async () => {
    const caller = callerFor(services, owner);
    const first = await caller.runs.items({ runId: run.id, loop: 'each', limit: 5 });
    expect(first.total).toBe(ITEMS);
    expect(first.items.map((i) => i.index)).toEqual([0, 1, 2, 3, 4]);
    expect(first.nextCursor).toBe(5);
    const failed = first.items[3]!;
    expect(failed).toMatchObject({ status: 'failed', error: 'send: HTTP 402 card declined 3', item: { number: 3 } });
    expect(failed.tasks.map((t) => [t.node, t.nodeId, t.status])).toEqual([
      ['send', 'send[3]', 'failed'],
      ['mail', 'mail[3]', 'skipped'],
    ]);
    // Bounded: a long item comes as the start of its JSON text, a long output as a preview.
    expect(first.items[1]).toMatchObject({ itemTruncated: true });
    expect(first.items[1]!.item).toHaveLength(4096);
    expect(first.items[2]!.tasks[0]!.logs).toMatchObject({
      outputTruncated: true,
      output: { preview: expect.any(String) },
    });
    expect(first.items[0]!.tasks[0]!.logs).toEqual({ output: { big: 'yyyyy' } });

    const next = await caller.runs.items({ runId: run.id, loop: 'each', limit: 5, cursor: first.nextCursor! });
    expect(next.items.map((i) => i.index)).toEqual([5, 6, 7, 8, 9]);
    const last = await caller.runs.items({ runId: run.id, loop: 'each', limit: 100, cursor: ITEMS - 4 });
    expect(last.items.map((i) => [i.index, i.status, i.tasks.length])).toEqual([
      [ITEMS - 4, 'pending', 0],
      [ITEMS - 3, 'pending', 0],
      [ITEMS - 2, 'pending', 0],
      [ITEMS - 1, 'pending', 0],
    ]);
    expect(last.nextCursor).toBeNull();
  });

  it('filters by status, paging past the items that do not match', async () => {
    const caller = callerFor(services, owner);
    const started = performance.now();
    const page = await caller.runs.items({ runId: run.id, loop: 'each', status: 'failed', limit: 3 });
    expect(page.items.map((i) => i.index)).toEqual([3, 10, 17]);
    expect(page.nextCursor).toBe(24);
    const deep = await caller.runs.items({ runId: run.id, loop: 'each', status: 'failed', cursor: 9_900, limit: 100 });
    console.log(`two pages of failed items among ${ITEMS}: ${Math.round(performance.now() - started)} ms`);
    expect(deep.items.map((i) => i.index)).toEqual(
      Array.from({ length: 90 }, (_, i) => 9_900 + i).filter((i) => i % 7 === 3),
    );
    expect(deep.nextCursor).toBeNull();
    const pending = await caller.runs.items({ runId: run.id, loop: 'each', status: 'pending' });
    expect(pending.items.map((i) => i.index)).toEqual(Array.from({ length: 10 }, (_, i) => ITEMS - 10 + i));
  });

  it('lists a nested loop’s items for one item of the loop around it', async () => {
    const caller = callerFor(services, owner);
    const page = await caller.runs.items({ runId: nestedRun.id, loop: 'orders', path: [0] });
    expect(page.total).toBe(3);
    expect(page.items.map((i) => [i.item, i.status, i.error, i.tasks.map((t) => t.nodeId)])).toEqual([
      ['tea', 'success', null, ['line[0][0]']],
      ['cake', 'failed', 'line: no cake', ['line[0][1]']],
      ['pie', 'success', null, ['line[0][2]']],
    ]);
    const outer = await caller.runs.items({ runId: nestedRun.id, loop: 'customers' });
    expect(outer.items[1]!.tasks.map((t) => t.nodeId)).toEqual(['who[1]', 'orders[1]']);
    await expect(caller.runs.items({ runId: nestedRun.id, loop: 'orders' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/runs inside a loop/),
    });
    await expect(caller.runs.items({ runId: nestedRun.id, loop: 'who' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('is refused to another member, and open to an admin', async () => {
    await expect(callerFor(services, other).runs.items({ runId: run.id, loop: 'each' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such run.',
    });
    expect((await callerFor(services, admin).runs.items({ runId: run.id, loop: 'each', limit: 1 })).items).toHaveLength(
      1,
    );
    await expect(callerFor(services, null).runs.items({ runId: run.id, loop: 'each' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
