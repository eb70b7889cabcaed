import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WorkflowRun } from '../../core/db/models';
import { runFinishedChannel } from '../../core/run/run-finished';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { createOwner } from '../../testing/fixtures';
import { migratedTestDatabase, type MigratedDatabase } from '../../testing/test-database';
import { createRunEndWatcher, type RunEndWatcher } from './run-end-watcher';

// The watcher with a recheck far longer than any test: a waiter it wakes was woken by the
// notification, not by reading the row again.

let db: MigratedDatabase;
let watcher: RunEndWatcher;
let workflowId: string;

beforeAll(async () => {
  db = await migratedTestDatabase();
  watcher = createRunEndWatcher(db.url, db.models, 10 * 60_000);
  const owner = await createOwner(db.models);
  const spec: WorkflowSpec = { trigger: { type: 'webhook' }, nodes: [], edges: [] };
  workflowId = (
    await db.models.Workflow.create({ ownerId: owner.id, name: 'w', specJson: spec, llmPromptVersion: null })
  ).id;
});
afterAll(async () => {
  await watcher?.close();
  await db?.drop();
});

const newRun = () => db.models.WorkflowRun.create({ workflowId, runStatus: 'running' });
/** What the worker's finishRun does, in its terms: end the row, and notify with the run id. */
const endRun = async (run: WorkflowRun) => {
  await run.update({ runStatus: 'success', finishedAt: new Date() });
  await db.sequelize.query(`SELECT pg_notify('${runFinishedChannel}', :id)`, { replacements: { id: run.id } });
};

it('answers at once for a run that has already ended', async () => {
  const run = await newRun();
  await run.update({ runStatus: 'success', finishedAt: new Date() });
  expect(await watcher.waitForEnd(run.id, 60_000)).toMatchObject({ runStatus: 'success' });
});

it('wakes a waiter when its run ends, by the notification', async () => {
  const run = await newRun();
  const waiting = watcher.waitForEnd(run.id, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the waiter has read the row and waits
  await endRun(run);
  expect(await waiting).toMatchObject({ runStatus: 'success' });
});

/** The moment after the watcher has listened: a run recorded from then on cannot end unheard. */
const listenedMoment = async () => {
  await watcher.waitForEnd(newUnknownRunId(), 1); // connects and listens, if it had not yet
  await new Promise((resolve) => setTimeout(resolve, 5));
  return Date.now();
};
const newUnknownRunId = () => '00000000-0000-4000-8000-000000000000';

it('answers a waiter that comes after its run was heard ending, recorded while it listened', async () => {
  const recordedAt = await listenedMoment();
  const run = await newRun();
  await endRun(run);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the notification has arrived, no one waiting
  // Answered from what it heard, long before the wait's own end (when it would read the row anyway).
  const answer = await Promise.race([
    watcher.waitForEnd(run.id, 10 * 60_000, recordedAt),
    new Promise((resolve) => setTimeout(() => resolve('still waiting'), 10_000)),
  ]);
  expect(answer).toMatchObject({ runStatus: 'success' });
});

it('reads the row first when the run was recorded before the watcher listened', async () => {
  const run = await newRun();
  await run.update({ runStatus: 'failed', finishedAt: new Date() }); // ended, never notified
  expect(await watcher.waitForEnd(run.id, 5_000, 0)).toMatchObject({ runStatus: 'failed' });
});

it('does not read the row of a run recorded while it listened until its end is heard', async () => {
  // The same models, counting the watcher's reads of run rows.
  let reads = 0;
  const counted = {
    ...db.models,
    WorkflowRun: new Proxy(db.models.WorkflowRun, {
      get: (target, key, receiver) =>
        key === 'findByPk'
          ? (...args: Parameters<typeof target.findByPk>) => (reads++, target.findByPk(...args))
          : Reflect.get(target, key, receiver),
    }),
  };
  const own = createRunEndWatcher(db.url, counted, 10 * 60_000);
  try {
    await own.waitForEnd(newUnknownRunId(), 1); // listening
    await new Promise((resolve) => setTimeout(resolve, 5));
    const recordedAt = Date.now();
    const run = await newRun();
    reads = 0;
    const waiting = own.waitForEnd(run.id, 60_000, recordedAt);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads).toBe(0);
    await endRun(run);
    expect(await waiting).toMatchObject({ runStatus: 'success' });
    expect(reads).toBe(1);
  } finally {
    await own.close();
  }
});

it('leaves a waiter waiting when another run ends, until its own time is up', async () => {
  const [mine, other] = [await newRun(), await newRun()];
  const waiting = watcher.waitForEnd(mine.id, 500);
  await endRun(other);
  expect(await waiting).toBeNull();
});

it('listens again after its connection is lost, and still wakes waiters by notification', async () => {
  const own = createRunEndWatcher(db.url, db.models, 10 * 60_000);
  try {
    const first = await newRun();
    const waiting = own.waitForEnd(first.id, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 200)); // listening, and waiting
    await db.sequelize.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'run-end-watcher' AND datname = current_database()`,
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // the watcher hears its connection end
    const second = await newRun();
    const next = own.waitForEnd(second.id, 60_000); // connects and listens again
    await new Promise((resolve) => setTimeout(resolve, 200));
    await endRun(second);
    expect(await next).toMatchObject({ runStatus: 'success' });
    // The first waiter's run ends too; its notification finds it listening on the new connection.
    await endRun(first);
    expect(await waiting).toMatchObject({ runStatus: 'success' });
  } finally {
    await own.close();
  }
});

it('tells run-end listeners of every run that ends, listening again by itself after a lost connection', async () => {
  const own = createRunEndWatcher(db.url, db.models, 10 * 60_000);
  const heard: string[] = [];
  const stop = own.onRunEnd((runId) => heard.push(runId));
  try {
    // The watcher's connection has run its LISTEN (its last statement, as PostgreSQL reports it):
    // a notification sent from then on reaches it, however slow the machine.
    const listening = async () =>
      (
        await db.sequelize.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE application_name = 'run-end-watcher' AND datname = current_database()
              AND query LIKE 'LISTEN %' AND state = 'idle'`,
          { plain: true, type: QueryTypes.SELECT },
        )
      )?.pid ?? null;
    await expect.poll(listening, { timeout: 10_000 }).not.toBeNull();
    const before = await listening();
    const first = await newRun();
    await endRun(first);
    await expect.poll(() => heard, { timeout: 10_000 }).toContain(first.id);

    await db.sequelize.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'run-end-watcher' AND datname = current_database()`,
    );
    // No waiter asks for it: the listener alone brings the connection back, a second later.
    await expect.poll(async () => [null, before].includes(await listening()), { timeout: 10_000 }).toBe(false);
    const second = await newRun();
    await endRun(second);
    await expect.poll(() => heard, { timeout: 10_000 }).toContain(second.id);

    stop();
    const third = await newRun();
    await endRun(third);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).not.toContain(third.id);
  } finally {
    await own.close();
  }
});
