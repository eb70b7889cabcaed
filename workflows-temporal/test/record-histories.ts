// Records the Temporal histories that workflows-temporal/workflows/replay.test.ts replays:
//
//   npx tsx workflows-temporal/test/record-histories.ts [scenario ...]
//
// Named scenarios are recorded alone and the other files are left as they are: how a scenario for
// a new construct joins the histories of runs that older code recorded.
// It starts its own embedded PostgreSQL and Temporal dev server (or uses DATABASE_URL, on a fresh
// database it drops afterwards, and TEMPORAL_ADDRESS), runs each scenario below with the current
// `runSpec` and the production activities, checks that each run did what its scenario is about,
// and writes one history per scenario into workflows-temporal/test/histories/local-steps/, in the proto JSON
// format of the SDK's `historyToJSON` (which the Temporal CLI also writes and `historyFromJSON`
// reads; history-json.ts says why those two are not called directly).
//
// Re-record only when a change to the interpreter is meant to be incompatible with runs already in
// flight (and those runs are dealt with, e.g. with `patched()`): the saved files stand for runs
// started by older code, which a new worker must still replay.
//
// No secret enters these files: HTTP nodes call a loopback server by absolute URL, without a
// connector, and the script checks that its encryption key, and any word that reads like a
// credential, appear nowhere in them (payloads decoded).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { startHttpTestServer } from '../../testing/http-test-server';
import { approvalSignal, loopBatchWorkflowId, type ApprovalDecision } from '../../core/run/run-contract';
import type { TaskLogs } from '../../core/run/task-logs';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { decodedHistoryText, historyToJsonText } from './history-json';
import { resumeSpecRun, startSpecRun, waitUntil } from '../../testing/run-environment';
import { withStandaloneStack, type StandaloneStack } from '../../testing/standalone-stack';

// The current generation of the interpreter's steps (run-steps.ts); older generations keep their
// own folders beside it, which this script never touches.
const historiesDir = fileURLToPath(new URL('./histories/local-steps/', import.meta.url));

interface Scenario {
  name: string;
  what: string;
  spec: (api: string) => WorkflowSpec;
  /** Runs while the execution is in progress (e.g. sends a signal). */
  drive?: (stack: StandaloneStack, runId: string, handle: WorkflowHandle) => Promise<void>;
  /** The run must fail; then it is resumed (`runs.resume`), and the resuming run's history is kept. */
  resumesFailedRun?: true;
  /** A loop's batches to keep too: file name → the loop's task key and the batch's first item. */
  children?: Record<string, [loopKey: string, from: number]>;
  /** What the run must have done for its history to be worth keeping. */
  expect: { outcome: 'completed' | 'failed'; tasks: Record<string, { status: string; attempts?: number }> };
}

const transform = (id: string, fields: Record<string, string>) =>
  ({
    id,
    type: 'transform',
    name: id,
    config: { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) },
  }) as const;

/** A GET to the loopback API, by absolute URL and without a connector (no secret in history). */
const get = (id: string, name: string, url: string, extra: Pick<SpecNode, 'onError'> = {}): SpecNode => ({
  id,
  type: 'http_request',
  name,
  config: { method: 'GET', url, headers: [], timeoutSeconds: 5 },
  ...extra,
});

const scenarios: Scenario[] = [
  {
    name: 'parallel-condition',
    what: 'an HTTP call, then a transform and a condition in parallel; the condition takes `true` and skips `false`',
    spec: (api) => ({
      trigger: { type: 'manual' },
      nodes: [
        get('fetch', 'Fetch open invoices', `${api}/invoices`),
        transform('summarise', {
          count: '{{ length(nodes.fetch.body.invoices) }}',
          total: '{{ sum(pluck(nodes.fetch.body.invoices, "amount")) }}',
        }),
        {
          id: 'check',
          type: 'condition',
          name: 'Anything open?',
          config: { expression: 'length(nodes.fetch.body.invoices) > 0' },
        },
        transform('notify', { subject: '{{ length(nodes.fetch.body.invoices) }} open invoices' }),
        transform('all_clear', { message: 'no open invoices' }),
      ],
      edges: [
        ['fetch', 'summarise'],
        ['fetch', 'check'],
        ['check', 'notify', 'true'],
        ['check', 'all_clear', 'false'],
      ],
    }),
    expect: {
      outcome: 'completed',
      tasks: {
        fetch: { status: 'success', attempts: 1 },
        summarise: { status: 'success' },
        check: { status: 'success' },
        notify: { status: 'success' },
        all_clear: { status: 'skipped' },
      },
    },
  },
  {
    name: 'retry-then-success',
    what: 'an HTTP call answered 503 twice, retried by Temporal, then 200',
    spec: (api) => ({
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'call',
          type: 'http_request',
          name: 'Flaky call',
          config: {
            method: 'GET',
            url: `${api}/flaky`,
            headers: [],
            timeoutSeconds: 5,
            retry: { maximumAttempts: 3, initialIntervalSeconds: 0.1, backoffCoefficient: 1 },
          },
        },
        transform('after', { ok: '{{ nodes.call.body.ok }}' }),
      ],
      edges: [['call', 'after']],
    }),
    expect: { outcome: 'completed', tasks: { call: { status: 'success', attempts: 3 }, after: { status: 'success' } } },
  },
  {
    name: 'failed-4xx',
    what: 'a 404 fails its node at once, skips its dependant, lets an independent node finish, and fails the run',
    spec: (api) => ({
      trigger: { type: 'manual' },
      nodes: [
        get('missing', 'Missing', `${api}/nope`),
        transform('after', { x: '{{ nodes.missing.status }}' }),
        transform('independent', { y: 'still runs' }),
      ],
      edges: [['missing', 'after']],
    }),
    expect: {
      outcome: 'failed',
      tasks: {
        missing: { status: 'failed', attempts: 1 },
        after: { status: 'skipped' },
        independent: { status: 'success' },
      },
    },
  },
  {
    name: 'failed-alert',
    what: 'a 404 fails the run, which then schedules its failure alert (decision 0014; the workflow has none set)',
    spec: (api) => ({ trigger: { type: 'manual' }, nodes: [get('missing', 'Missing', `${api}/nope`)], edges: [] }),
    expect: { outcome: 'failed', tasks: { missing: { status: 'failed', attempts: 1 } } },
  },
  {
    name: 'delay',
    what: 'a 1 s durable timer between two transforms',
    spec: () => ({
      trigger: { type: 'manual' },
      nodes: [
        transform('before', { at: 'start' }),
        { id: 'wait', type: 'delay', name: 'Wait', config: { seconds: 1 } },
        transform('after', { waited: '{{ nodes.wait.waitedSeconds }}' }),
      ],
      edges: [
        ['before', 'wait'],
        ['wait', 'after'],
      ],
    }),
    expect: {
      outcome: 'completed',
      tasks: { before: { status: 'success' }, wait: { status: 'success' }, after: { status: 'success' } },
    },
  },
  {
    name: 'approval-approved',
    what: 'an approval that waits for the `approval` signal, approved; the rejected branch is skipped',
    spec: () => ({
      trigger: { type: 'manual' },
      nodes: [
        transform('prepare', { total: '{{ trigger.amount + 50 }}' }),
        {
          id: 'approve',
          type: 'approval',
          name: 'Approve',
          config: { message: 'Pay {{ nodes.prepare.total }} EUR?', timeoutMinutes: 60, onTimeout: 'reject' },
        },
        transform('pay', { approvedBy: '{{ nodes.approve.decidedBy }}' }),
        transform('tell_rejected', { reason: '{{ nodes.approve.comment }}' }),
      ],
      edges: [
        ['prepare', 'approve'],
        ['approve', 'pay'],
        ['approve', 'tell_rejected', 'rejected'],
      ],
    }),
    drive: async ({ services }, runId, handle) => {
      // Signal once the approval has asked its question, as a person would.
      await waitUntil(
        'the approval asks its question',
        async () => {
          const task = await services.models.Task.findOne({ where: { workflowRunId: runId, nodeId: 'approve' } });
          return (task?.logs as TaskLogs | undefined)?.output !== undefined;
        },
        15_000,
      );
      const decision: ApprovalDecision = {
        nodeId: 'approve',
        decision: 'approved',
        decidedBy: 'someone@example.com',
        comment: null,
      };
      await handle.signal(approvalSignal, decision);
    },
    expect: {
      outcome: 'completed',
      tasks: {
        prepare: { status: 'success' },
        approve: { status: 'success' },
        pay: { status: 'success' },
        tell_rejected: { status: 'skipped' },
      },
    },
  },
  {
    name: 'error-route',
    what: 'a 404 routed along an `error` edge to a handler that reads the failure; the run succeeds',
    spec: (api) => ({
      trigger: { type: 'manual' },
      nodes: [
        get('sync', 'Sync', `${api}/nope`),
        transform('alert', { why: '{{ nodes.sync.error.message }}' }),
        transform('after', { status: '{{ nodes.sync.status }}' }),
      ],
      edges: [
        ['sync', 'alert', 'error'],
        ['sync', 'after'],
      ],
    }),
    expect: {
      outcome: 'completed',
      tasks: { sync: { status: 'failed', attempts: 1 }, alert: { status: 'success' }, after: { status: 'skipped' } },
    },
  },
  {
    name: 'on-error-continue',
    what: 'a 404 on a node with `onError: "continue"`; the next node runs and reads the failure',
    spec: (api) => ({
      trigger: { type: 'manual' },
      nodes: [
        get('sync', 'Sync', `${api}/nope`, { onError: 'continue' }),
        transform('next', { type: '{{ nodes.sync.error.type }}' }),
      ],
      edges: [['sync', 'next']],
    }),
    expect: { outcome: 'completed', tasks: { sync: { status: 'failed', attempts: 1 }, next: { status: 'success' } } },
  },
  {
    name: 'resumed',
    what: 'a run resumed after its second node failed: the first node is reused, the second and third run',
    resumesFailedRun: true,
    spec: (api) => ({
      trigger: { type: 'manual' },
      nodes: [
        transform('prepare', { order: '{{ trigger.amount }}' }),
        get('ship', 'Ship', `${api}/missing-once`),
        transform('done', { shipped: '{{ nodes.ship.body.ok }} {{ nodes.prepare.order }}' }),
      ],
      edges: [
        ['prepare', 'ship'],
        ['ship', 'done'],
      ],
    }),
    expect: {
      outcome: 'completed',
      tasks: { prepare: { status: 'success', attempts: 0 }, ship: { status: 'success' }, done: { status: 'success' } },
    },
  },
  {
    name: 'for-each',
    what: 'a loop over a fetched list, two items at once, its body a transform and a call per item; its batch kept too',
    children: { 'for-each-batch': ['each', 0] },
    spec: (api) => ({
      trigger: { type: 'manual' },
      nodes: [
        get('fetch', 'Fetch open invoices', `${api}/invoices`),
        {
          id: 'each',
          type: 'for_each',
          name: 'Each invoice',
          config: { items: '{{ nodes.fetch.body.invoices }}', concurrency: 2, onItemError: 'continue', maxItems: 100 },
        },
        { ...transform('label', { text: '{{ item.id }} #{{ index }}' }), loop: 'each' },
        { ...get('recheck', 'Check again', `${api}/invoices`), loop: 'each' },
        transform('report', { succeeded: '{{ nodes.each.succeeded }}' }),
      ],
      edges: [
        ['fetch', 'each'],
        ['label', 'recheck'],
        ['each', 'report'],
      ],
    }),
    expect: {
      outcome: 'completed',
      tasks: {
        each: { status: 'success' },
        'each[1]': { status: 'success' },
        'recheck[1]': { status: 'success', attempts: 1 },
        report: { status: 'success' },
      },
    },
  },
];

/** The history as saved: proto JSON, checked to hold no secret. */
async function savedHistory(stack: StandaloneStack, name: string, handle: Pick<WorkflowHandle, 'fetchHistory'>) {
  const json = historyToJsonText(await handle.fetchHistory());
  const text = decodedHistoryText(json);
  if (text.includes(stack.services.config.APP_ENCRYPTION_KEY))
    throw new Error(`scenario ${name}: the encryption key is in its history`);
  // The same check replay.test.ts makes: nothing in a saved history should even read like a credential.
  const suspicious = /connectorId|authorization|bearer|password|secret|api[_-]?key/i.exec(text);
  if (suspicious) throw new Error(`scenario ${name}: its history mentions "${suspicious[0]}"`);
  return json;
}

/** Runs a scenario and returns the histories to save, by file name. */
async function record(stack: StandaloneStack, api: string, scenario: Scenario): Promise<Array<[string, string]>> {
  const { services, owner } = stack;
  let { run, handle } = await startSpecRun(services, owner, scenario.spec(api), { amount: 100 }, scenario.name);
  await scenario.drive?.(stack, run.id, handle);
  if (scenario.resumesFailedRun) {
    if (
      await handle.result().then(
        () => true,
        () => false,
      )
    )
      throw new Error(`scenario ${scenario.name}: the run to resume did not fail`);
    ({ run, handle } = await resumeSpecRun(services, owner, run.id));
  }
  const outcome = await handle.result().then(
    () => 'completed' as const,
    () => 'failed' as const,
  );

  const problems: string[] = [];
  if (outcome !== scenario.expect.outcome) problems.push(`outcome ${outcome}, expected ${scenario.expect.outcome}`);
  const tasks = await services.models.Task.findAll({ where: { workflowRunId: run.id } });
  for (const [nodeId, want] of Object.entries(scenario.expect.tasks)) {
    const task = tasks.find((t) => t.nodeId === nodeId);
    if (task?.taskStatus !== want.status)
      problems.push(`${nodeId}: status ${task?.taskStatus}, expected ${want.status}`);
    if (want.attempts !== undefined && task?.attemptCount !== want.attempts)
      problems.push(`${nodeId}: ${task?.attemptCount} attempts, expected ${want.attempts}`);
  }
  if (problems.length)
    throw new Error(`scenario ${scenario.name} did not run as intended:\n  ${problems.join('\n  ')}`);

  const children = Object.entries(scenario.children ?? {}).map(
    async ([name, [loopKey, from]]) =>
      [
        name,
        await savedHistory(
          stack,
          name,
          services.temporal.client.workflow.getHandle(loopBatchWorkflowId(run.id, loopKey, from)),
        ),
      ] as [string, string],
  );
  return [[scenario.name, await savedHistory(stack, scenario.name, handle)], ...(await Promise.all(children))];
}

async function main() {
  let flaky = 0;
  let missing = 0;
  const api = await startHttpTestServer((req, res) => {
    if (req.url === '/invoices') {
      return res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          invoices: [
            { id: 'INV-1', amount: 150 },
            { id: 'INV-2', amount: 200 },
          ],
        }),
      );
    }
    if (req.url === '/missing-once')
      return ++missing <= 1
        ? res.writeHead(404).end('not yet')
        : res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (req.url === '/flaky')
      return ++flaky <= 2
        ? res.writeHead(503).end('busy')
        : res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    res.writeHead(404).end('no such thing');
  });
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length) throw new Error(`no scenario named ${unknown.join(', ')}`);
  const chosen = only.length ? scenarios.filter((scenario) => only.includes(scenario.name)) : scenarios;
  try {
    const recorded = await withStandaloneStack({ label: 'histories' }, async (stack) => {
      const out: Array<[string, string]> = [];
      for (const scenario of chosen) {
        console.error(`[histories] running ${scenario.name}: ${scenario.what}`);
        out.push(...(await record(stack, api.url, scenario)));
      }
      return out;
    });
    // Write only once every scenario has run as intended; a full recording also drops the files of
    // scenarios that no longer exist.
    mkdirSync(historiesDir, { recursive: true });
    const names = new Set(recorded.map(([name]) => `${name}.json`));
    if (!only.length)
      for (const file of readdirSync(historiesDir))
        if (file.endsWith('.json') && !names.has(file)) rmSync(join(historiesDir, file));
    for (const [name, json] of recorded) {
      writeFileSync(join(historiesDir, `${name}.json`), `${json}\n`);
      console.error(
        `[histories] wrote ${join(historiesDir, `${name}.json`)} (${JSON.parse(json).events.length} events)`,
      );
    }
  } finally {
    await api.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
