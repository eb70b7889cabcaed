import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import type { TaskLogs } from '../../core/run/task-logs';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { validateSpec } from '../../core/spec/validate-spec';
import { startLoopbackConnectors, type LoopbackConnectors } from '../../testing/loopback-connectors';
import {
  loadTasks,
  resumeSpecRun,
  runToEnd as runSpecToEnd,
  startRunEnvironment,
  type RunEnvironment,
} from '../../testing/run-environment';

// for_each on the real interpreter: items become rows, batches run as child workflows, and the
// body's nodes call a loopback API and a loopback SMTP server once per item.

let env: RunEnvironment;
let owner: User;
let loopback: LoopbackConnectors;
let api: LoopbackConnectors['api'];
let smtp: LoopbackConnectors['smtp'];
let ids: LoopbackConnectors['ids'];
/** Whether the API declines invoices 3, 10, 17… (a resumed run sees them charged). */
let declining = true;

beforeAll(async () => {
  env = await startRunEnvironment();
  owner = env.owner;
  loopback = await startLoopbackConnectors(env.services, owner.id, {
    answer: (req, res) => {
      const failing = /^\/api\/charge\/(\d+)$/.exec(req.url);
      if (declining && failing && Number(failing[1]) % 7 === 3) return res.writeHead(402).end('card declined');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ charged: req.url }));
    },
    smtpPassword: 'smtp-pass',
  });
  ({ api, smtp, ids } = loopback);
});
afterAll(async () => {
  await loopback?.close();
  await env?.close();
});

/** Runs a spec the validator accepts (the test's specs must be ones users can save). */
async function runToEnd(spec: WorkflowSpec, input: unknown = {}) {
  const checked = validateSpec(spec, {
    ownerId: owner.id,
    connectors: [
      { id: ids.http, name: 'api', type: 'http', ownerId: owner.id },
      { id: ids.smtp, name: 'mail', type: 'smtp', ownerId: owner.id },
    ],
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return runSpecToEnd(env.services, owner, checked.spec, input);
}

const post = (id: string, url: string, loop: string, extra: Partial<SpecNode> = {}): SpecNode =>
  ({
    id,
    type: 'http_request',
    name: id,
    loop,
    config: {
      connectorId: ids.http,
      method: 'POST',
      url,
      headers: [],
      body: '{{ item }}',
      timeoutSeconds: 5,
      retry: { maximumAttempts: 1, initialIntervalSeconds: 1, backoffCoefficient: 1 },
    },
    ...extra,
  }) as SpecNode;

const loopOver = (id: string, items: string, config: Record<string, unknown> = {}, extra = {}): SpecNode =>
  ({ id, type: 'for_each', name: id, config: { items, ...config }, ...extra }) as SpecNode;

const invoices = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ number: i, email: `customer${i}@example.test` }));

describe('for_each', () => {
  it('runs its body for 25 items, 5 at once: 25 calls, 25 emails, results in input order', async () => {
    const started = api.requests.length;
    const { run, outcome, logs, tasks } = await runToEnd(
      {
        trigger: { type: 'manual' },
        nodes: [
          loopOver('each', '{{ trigger.invoices }}', { concurrency: 5 }),
          post('sync', '/sync/{{ index }}', 'each'),
          {
            id: 'mail',
            type: 'send_email',
            name: 'mail',
            loop: 'each',
            config: {
              connectorId: ids.smtp,
              to: ['{{ item.email }}'],
              cc: [],
              subject: 'Invoice {{ item.number }}',
              text: 'synced as {{ nodes.sync.body.charged }}',
            },
          },
          {
            id: 'report',
            type: 'transform',
            name: 'report',
            config: { fields: [{ name: 'succeeded', value: '{{ nodes.each.succeeded }}' }] },
          },
        ],
        edges: [
          ['sync', 'mail'],
          ['each', 'report'],
        ],
      },
      { invoices: invoices(25) },
    );
    expect(outcome).toBe('completed');
    expect(run.runStatus).toBe('success');
    const calls = api.requests.slice(started);
    expect(calls).toHaveLength(25);
    expect(new Set(calls.map((c) => c.headers['idempotency-key'])).size).toBe(25);
    const mails = await smtp.waitForMessages(25);
    expect(mails.map((m) => m.subject).sort()).toEqual(
      invoices(25)
        .map((i) => `Invoice ${i.number}`)
        .sort(),
    );
    expect(mails.find((m) => m.subject === 'Invoice 7')!.text.trim()).toBe('synced as /api/sync/7');

    const output = logs('each').output as {
      count: number;
      succeeded: number;
      results: Array<{ status: string; output: { sync: { body: { charged: string } } } }>;
    };
    expect(output.count).toBe(25);
    expect(output.succeeded).toBe(25);
    expect(output.results.map((r) => r.output.sync.body.charged)).toEqual(
      invoices(25).map((i) => `/api/sync/${i.number}`),
    );
    expect(logs('report').output).toEqual({ succeeded: 25 });
    // One row per item and per body node and item, keyed by index; none left unfinished.
    expect(tasks.filter((t) => /^each\[\d+\]$/.test(t.nodeId))).toHaveLength(25);
    expect(tasks.filter((t) => /^mail\[\d+\]$/.test(t.nodeId))).toHaveLength(25);
    expect(tasks.every((t) => t.taskStatus === 'success')).toBe(true);
    expect((tasks.find((t) => t.nodeId === 'each[3]')!.logs as TaskLogs).item).toEqual(invoices(25)[3]);
    // The run's summary names the top level's nodes only.
    expect(Object.keys((run.resultSummary as { nodes: object }).nodes).sort()).toEqual(['each', 'report']);
  });

  it('with onItemError "continue" runs every item and lists the failed ones; the run succeeds', async () => {
    const { outcome, logs, task } = await runToEnd(
      {
        trigger: { type: 'manual' },
        nodes: [
          loopOver('each', '{{ trigger.invoices }}', { concurrency: 3, onItemError: 'continue' }),
          post('charge', '/charge/{{ item.number }}', 'each'),
        ],
        edges: [],
      },
      { invoices: invoices(12) },
    );
    expect(outcome).toBe('completed');
    const output = logs('each').output as { failed: number; results: Array<{ status: string; error: string | null }> };
    expect(output.failed).toBe(2);
    expect(output.results.map((r, i) => [i, r.status]).filter(([, s]) => s === 'failed')).toEqual([
      [3, 'failed'],
      [10, 'failed'],
    ]);
    expect(output.results[3]!.error).toMatch(/charge: .*402/);
    expect(task('each[3]').taskStatus).toBe('failed');
    expect(task('charge[3]').taskStatus).toBe('failed');
  });

  it('with onItemError "stop" fails the loop at the first failed item and skips the rest', async () => {
    const started = api.requests.length;
    const { outcome, logs, task } = await runToEnd(
      {
        trigger: { type: 'manual' },
        nodes: [loopOver('each', '{{ trigger.invoices }}'), post('charge', '/charge/{{ item.number }}', 'each')],
        edges: [],
      },
      { invoices: invoices(8) },
    );
    expect(outcome).toBe('failed: node each failed');
    expect(api.requests.length - started).toBe(4);
    expect(task('each').taskStatus).toBe('failed');
    expect(logs('each').error!.message).toMatch(/^item 3 failed: charge: /);
    expect((logs('each').output as { skipped: number }).skipped).toBe(4);
    expect(task('each[5]').taskStatus).toBe('skipped');
    expect(task('charge[5]').taskStatus).toBe('skipped');
  });

  it('runs a loop inside a loop, whose body reads the outer body’s outputs for the same item', async () => {
    const { outcome, logs } = await runToEnd(
      {
        trigger: { type: 'manual' },
        nodes: [
          loopOver('customers', '{{ trigger.customers }}', { concurrency: 2 }),
          {
            id: 'who',
            type: 'transform',
            name: 'who',
            loop: 'customers',
            config: { fields: [{ name: 'name', value: '{{ item.name }}' }] },
          },
          loopOver('orders', '{{ item.orders }}', { concurrency: 2 }, { loop: 'customers' }),
          {
            id: 'line',
            type: 'transform',
            name: 'line',
            loop: 'orders',
            config: { fields: [{ name: 'text', value: '{{ nodes.who.name }} #{{ index }}: {{ item }}' }] },
          },
        ],
        edges: [['who', 'orders']],
      },
      {
        customers: [
          { name: 'Ada', orders: ['tea', 'cake'] },
          { name: 'Bo', orders: [] },
          { name: 'Cy', orders: ['pie'] },
        ],
      },
    );
    expect(outcome).toBe('completed');
    const results = (logs('customers').output as { results: Array<{ output: { orders: { results: unknown[] } } }> })
      .results;
    expect(results.map((r) => r.output.orders.results)).toEqual([
      [
        { status: 'success', output: { line: { text: 'Ada #0: tea' } }, error: null },
        { status: 'success', output: { line: { text: 'Ada #1: cake' } }, error: null },
      ],
      [],
      [{ status: 'success', output: { line: { text: 'Cy #0: pie' } }, error: null }],
    ]);
  });

  it('fails the loop, before any item, when items is not a list or is longer than maxItems', async () => {
    const notAList = await runToEnd(
      {
        trigger: { type: 'manual' },
        nodes: [loopOver('each', '{{ trigger.invoices }}'), post('charge', '/charge/{{ item.number }}', 'each')],
        edges: [],
      },
      { invoices: { number: 1 } },
    );
    expect(notAList.logs('each').error).toMatchObject({ message: 'items gave an object, not a list' });
    const tooMany = await runToEnd(
      {
        trigger: { type: 'manual' },
        nodes: [
          loopOver('each', '{{ trigger.invoices }}', { maxItems: 5 }),
          post('charge', '/charge/{{ item.number }}', 'each'),
        ],
        edges: [],
      },
      { invoices: invoices(6) },
    );
    expect(tooMany.outcome).toBe('failed: node each failed');
    expect(tooMany.logs('each').error).toMatchObject({
      message: 'items gave 6 items; this loop takes at most 5 (maxItems)',
      type: 'TooManyItems',
    });
    expect(tooMany.tasks.filter((t) => t.nodeId.startsWith('each['))).toHaveLength(0);
  });

  it('resumed after a failed item, runs only the items that had not succeeded', async () => {
    const first = await runToEnd(
      {
        trigger: { type: 'manual' },
        nodes: [loopOver('each', '{{ trigger.invoices }}'), post('charge', '/charge/{{ item.number }}', 'each')],
        edges: [],
      },
      { invoices: invoices(6) },
    );
    expect(first.outcome).toBe('failed: node each failed');
    declining = false;
    try {
      const started = api.requests.length;
      const { run, handle } = await resumeSpecRun(env.services, owner, first.run.id);
      await handle.result();
      await run.reload();
      expect(run.runStatus).toBe('success');
      expect(api.requests.slice(started).map((r) => r.url)).toEqual([
        '/api/charge/3',
        '/api/charge/4',
        '/api/charge/5',
      ]);
      const { logs, task } = await loadTasks(env.services, run.id);
      const output = logs('each').output as { succeeded: number; results: Array<{ output: { charge: object } }> };
      expect(output.succeeded).toBe(6);
      expect(output.results.every((r) => r.output.charge)).toBe(true);
      // Kept as it ended, like a reused node: no attempt in this run.
      expect(task('charge[0]').attemptCount).toBe(0);
      expect(logs('each[0]').entries!.at(-1)!.message).toBe(`reused from run ${first.run.id}; not run again`);
    } finally {
      declining = true;
    }
  });
});
