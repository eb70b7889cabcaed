import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import { startLoopbackConnectors, type LoopbackConnectors } from '../../testing/loopback-connectors';
import type { TaskLogs } from '../../core/run/task-logs';
import { fiveNodeSpec } from '../../testing/five-node-spec';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { historySteps } from '../../testing/history-steps';
import {
  historyText,
  runToEnd as runSpecToEnd,
  startRunEnvironment,
  type RunEnvironment,
} from '../../testing/run-environment';

const bearerToken = 'tok_live_4f9a1c77e2b8d3';
const smtpPassword = 'smtp-pass-8c1d2e3f';
const invoices = [
  { id: 'INV-1', amount: 150 },
  { id: 'INV-2', amount: 200 },
];

let env: RunEnvironment;
let services: RunEnvironment['services'];
let owner: User;
let loopback: LoopbackConnectors;
let api: LoopbackConnectors['api'];
let smtp: LoopbackConnectors['smtp'];
let ids: LoopbackConnectors['ids'];
let flaky = 0;

beforeAll(async () => {
  env = await startRunEnvironment();
  ({ services, owner } = env);
  loopback = await startLoopbackConnectors(services, owner.id, {
    answer: (req, res) => {
      if (req.headers.authorization !== `Bearer ${bearerToken}`) return res.writeHead(401).end('who are you?');
      if (req.url.startsWith('/api/invoices'))
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ invoices }));
      if (req.url.startsWith('/api/huge'))
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ rows: Array.from({ length: 20_000 }, (_, i) => ({ i, text: 'x'.repeat(40) })) }));
      if (req.url.startsWith('/api/flaky'))
        return ++flaky <= 2
          ? res.writeHead(503).end('busy')
          : res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      res.writeHead(404).end('no such thing');
    },
    bearerToken,
    smtpPassword,
  });
  ({ api, smtp, ids } = loopback);
});
afterAll(async () => {
  await loopback?.close();
  await env?.close();
});

const runToEnd = (spec: WorkflowSpec, input: unknown = {}) => runSpecToEnd(services, owner, spec, input);

describe('the interpreter', () => {
  it('runs a 5-node spec with a parallel branch and a condition to success, through real HTTP and SMTP', async () => {
    const { run, handle, task, outcome } = await runToEnd(fiveNodeSpec(ids, '/invoices?status=open'), {
      recipient: 'finance@acme.test',
    });
    expect(outcome).toBe('completed');
    expect(run.runStatus).toBe('success');
    expect(run.startedAt).toBeInstanceOf(Date);
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime());
    expect(run.resultSummary).toMatchObject({
      status: 'success',
      nodes: { fetch: 'success', summarise: 'success', check: 'success', notify: 'success', all_clear: 'skipped' },
      failures: [],
    });

    for (const id of ['fetch', 'summarise', 'check', 'notify']) {
      expect(task(id)).toMatchObject({ taskStatus: 'success', attemptCount: 1 });
      expect(task(id).finishedAt!.getTime()).toBeGreaterThanOrEqual(task(id).startedAt!.getTime());
    }
    expect(task('all_clear')).toMatchObject({ taskStatus: 'skipped', attemptCount: 0 });
    expect((task('all_clear').logs as TaskLogs).entries!.at(-1)!.message).toMatch(/branch was not taken/);
    expect((task('fetch').logs as TaskLogs).output).toMatchObject({ status: 200, body: { invoices } });
    expect((task('summarise').logs as TaskLogs).output).toEqual({ count: 2, total: 350 });
    expect((task('check').logs as TaskLogs).output).toEqual({ result: true, branch: 'true' });

    // The HTTP node reached the real server with the connector's secret; the SMTP node, the real mail server.
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', url: '/api/invoices?status=open' });
    const [mail] = await smtp.waitForMessages(1);
    expect(mail).toMatchObject({
      from: 'robot@acme.test',
      to: ['finance@acme.test'],
      subject: '2 open invoices',
      text: 'Total due: 350',
      auth: { username: 'mailer' },
    });

    // Neither secrets nor node outputs are in Temporal history (read with payloads decoded).
    const history = await historyText(handle);
    expect(history).toContain('Fetch open invoices'); // the spec snapshot is there, readable
    expect(history).not.toContain(bearerToken);
    expect(history).not.toContain(smtpPassword);
    expect(history).not.toContain('INV-1');
  });

  it('retries a node that fails twice, then succeeds: attempt_count 3 and a successful run', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'call',
          type: 'http_request',
          name: 'Flaky call',
          config: {
            connectorId: ids.http,
            method: 'GET',
            url: '/flaky',
            headers: [],
            timeoutSeconds: 5,
            retry: { maximumAttempts: 3, initialIntervalSeconds: 0.1, backoffCoefficient: 1 },
          },
        },
      ],
      edges: [],
    };
    const { run, task } = await runToEnd(spec);
    expect(run.runStatus).toBe('success');
    expect(task('call')).toMatchObject({ taskStatus: 'success', attemptCount: 3 });
    const messages = (task('call').logs as TaskLogs).entries!.map((e) => e.message);
    expect(messages.filter((m) => /failed: HTTP 503/.test(m))).toHaveLength(2);
  });

  it('fails at once on a 4xx, fails the run, and skips what depends on the failed node', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'missing',
          type: 'http_request',
          name: 'Missing',
          config: { connectorId: ids.http, method: 'GET', url: '/nope', headers: [], timeoutSeconds: 5 },
        },
        {
          id: 'after',
          type: 'transform',
          name: 'After',
          config: { fields: [{ name: 'x', value: '{{ nodes.missing.status }}' }] },
        },
        {
          id: 'independent',
          type: 'transform',
          name: 'Independent',
          config: { fields: [{ name: 'y', value: 'still runs' }] },
        },
      ],
      edges: [['missing', 'after']],
    };
    const { run, task, outcome } = await runToEnd(spec);
    expect(outcome).toMatch(/failed/);
    expect(run.runStatus).toBe('failed');
    expect(task('missing')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect((task('missing').logs as TaskLogs).error).toMatchObject({
      type: 'HttpClientError',
      retryable: false,
      message: expect.stringMatching(/HTTP 404/),
    });
    expect(task('after').taskStatus).toBe('skipped');
    expect(task('independent').taskStatus).toBe('success');
    expect(run.resultSummary).toMatchObject({
      status: 'failed',
      failures: [{ nodeId: 'missing', error: expect.stringMatching(/HTTP 404/) }],
    });
  });

  it('ends the run in the activity of the node that starts last, with the summary complete', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        { id: 'first', type: 'transform', name: 'First', config: { fields: [{ name: 'n', value: '{{ 1 + 1 }}' }] } },
        {
          id: 'last',
          type: 'transform',
          name: 'Last',
          config: { fields: [{ name: 'twice', value: '{{ nodes.first.n * 2 }}' }] },
        },
      ],
      edges: [['first', 'last']],
    };
    const { run, handle, task } = await runToEnd(spec);
    expect(run.runStatus).toBe('success');
    expect(run.resultSummary).toMatchObject({ status: 'success', nodes: { first: 'success', last: 'success' } });
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(task('last').finishedAt!.getTime());
    // Two node steps, and no separate finishRun: `last` ended the run itself.
    const steps = historySteps(await handle.fetchHistory());
    expect(steps.map((step) => step.type)).toEqual(['executeNode', 'executeNode']);
  });

  it('ends the run failed when the node that starts last fails for good', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        { id: 'first', type: 'transform', name: 'First', config: { fields: [{ name: 'n', value: '1' }] } },
        {
          id: 'last',
          type: 'http_request',
          name: 'Last',
          config: { connectorId: ids.http, method: 'GET', url: '/nope', headers: [], timeoutSeconds: 5 },
        },
      ],
      edges: [['first', 'last']],
    };
    const { run, task, outcome } = await runToEnd(spec);
    expect(outcome).toMatch(/failed: node last failed/);
    expect(run.runStatus).toBe('failed');
    expect(task('last')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect(run.resultSummary).toMatchObject({
      status: 'failed',
      nodes: { first: 'success', last: 'failed' },
      failures: [{ nodeId: 'last', error: expect.stringMatching(/HTTP 404/) }],
    });
  });

  it('bounds a large output in the database and keeps it out of Temporal history', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'big',
          type: 'http_request',
          name: 'Big answer',
          config: { connectorId: ids.http, method: 'GET', url: '/huge', headers: [], timeoutSeconds: 10 },
        },
        {
          id: 'count',
          type: 'transform',
          name: 'Count',
          config: { fields: [{ name: 'keys', value: '{{ keys(nodes.big) }}' }] },
        },
      ],
      edges: [['big', 'count']],
    };
    const { run, task, handle } = await runToEnd(spec);
    expect(run.runStatus).toBe('success');
    const logs = task('big').logs as TaskLogs;
    expect(logs.outputTruncated).toBe(true);
    expect(JSON.stringify(logs.output).length).toBeLessThanOrEqual(256 * 1024);
    expect((await historyText(handle)).length).toBeLessThan(64 * 1024);
  });

  it('refuses outbound calls outside the policy without retrying', async () => {
    const spec: WorkflowSpec = {
      trigger: { type: 'manual' },
      nodes: [
        {
          id: 'metadata',
          type: 'http_request',
          name: 'Cloud metadata',
          config: { method: 'GET', url: 'http://169.254.169.254/latest/meta-data', headers: [], timeoutSeconds: 5 },
        },
      ],
      edges: [],
    };
    const { task } = await runToEnd(spec);
    expect(task('metadata')).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
    expect((task('metadata').logs as TaskLogs).error?.type).toBe('OutboundBlocked');
  });
});
