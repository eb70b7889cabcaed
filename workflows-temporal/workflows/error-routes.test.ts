import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';
import { createConnector } from '../../testing/fixtures';
import { historySteps } from '../../testing/history-steps';
import { startHttpTestServer } from '../../testing/http-test-server';
import { runToEnd as runSpecToEnd, startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';

// Error routes (`[node, handler, "error"]`) and `onError: "continue"`, run on the real interpreter
// against a loopback API whose /broken endpoint always answers 500.

let env: RunEnvironment;
let owner: User;
let api: Awaited<ReturnType<typeof startHttpTestServer>>;
let connectorId: string;

beforeAll(async () => {
  env = await startRunEnvironment();
  owner = env.owner;
  api = await startHttpTestServer((req, res) => {
    if (req.url.startsWith('/api/broken')) return res.writeHead(500).end('down for maintenance');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
  });
  const connector = await createConnector(
    env.services.models,
    env.services.config.APP_ENCRYPTION_KEY,
    owner.id,
    'http',
    { baseUrl: `${api.url}/api`, headers: [], auth: 'none' },
    {},
  );
  connectorId = connector.id;
});
afterAll(async () => {
  await api?.close();
  await env?.close();
});

const runToEnd = (spec: WorkflowSpec) => runSpecToEnd(env.services, owner, spec);
const requestsTo = (path: string) => api.requests.filter((r) => r.url.startsWith(`/api${path}`));

function call(id: string, path: string, extra: Partial<SpecNode> = {}, body: string | null = null): SpecNode {
  return {
    id,
    type: 'http_request',
    name: id,
    config: {
      connectorId,
      method: 'POST',
      url: path,
      headers: [],
      body,
      timeoutSeconds: 5,
      retry: { maximumAttempts: 2, initialIntervalSeconds: 0.1, backoffCoefficient: 1 },
    },
    ...extra,
  } as SpecNode;
}

const transform = (id: string, value: string): SpecNode => ({
  id,
  type: 'transform',
  name: id,
  config: { fields: [{ name: 'value', value }] },
});

describe('error routes', () => {
  it('routes a failure along its error edge to a handler that reads it; the run succeeds', async () => {
    const { run, task, logs, outcome } = await runToEnd({
      trigger: { type: 'manual' },
      nodes: [
        call('sync', '/broken'),
        call('alert', '/alerts', {}, '{{ nodes.sync.error }}'),
        transform('after', '{{ nodes.sync.status }}'),
      ],
      edges: [
        ['sync', 'alert', 'error'],
        ['sync', 'after'],
      ],
    });
    expect(outcome).toBe('completed');
    expect(run.runStatus).toBe('success');
    expect(requestsTo('/broken')).toHaveLength(2);
    const [alert] = requestsTo('/alerts');
    expect(JSON.parse(alert!.body)).toEqual({
      message: expect.stringMatching(/HTTP 500/),
      type: logs('sync').error!.type,
      attempts: 2,
    });
    expect(task('sync')).toMatchObject({ taskStatus: 'failed', attemptCount: 2 });
    expect(task('alert').taskStatus).toBe('success');
    expect(task('after').taskStatus).toBe('skipped');
    expect(logs('after').entries!.at(-1)!.message).toMatch(/an upstream node failed/);
    // A handled failure does not fail the run, but the summary still lists it.
    expect(run.resultSummary).toMatchObject({
      status: 'success',
      nodes: { sync: 'failed', alert: 'success', after: 'skipped' },
      failures: [{ nodeId: 'sync', error: expect.stringMatching(/HTTP 500/) }],
    });
  });

  it('skips the handler when nothing failed, and goes on along the other edges', async () => {
    const { run, task, logs } = await runToEnd({
      trigger: { type: 'manual' },
      nodes: [call('sync', '/fine'), transform('handler', 'unused'), transform('after', '{{ nodes.sync.status }}')],
      edges: [
        ['sync', 'handler', 'error'],
        ['sync', 'after'],
      ],
    });
    expect(run.runStatus).toBe('success');
    expect(task('handler').taskStatus).toBe('skipped');
    expect(logs('handler').entries!.at(-1)!.message).toMatch(/branch was not taken/);
    expect(logs('after').output).toEqual({ value: 200 });
  });

  it('fails the run when the handler itself fails', async () => {
    const { run, outcome, task } = await runToEnd({
      trigger: { type: 'manual' },
      nodes: [call('sync', '/broken'), call('alert', '/broken')],
      edges: [['sync', 'alert', 'error']],
    });
    expect(outcome).toMatch(/failed: node alert failed/);
    expect(run.runStatus).toBe('failed');
    expect(task('alert').taskStatus).toBe('failed');
    expect(run.resultSummary).toMatchObject({
      status: 'failed',
      failures: expect.arrayContaining([
        expect.objectContaining({ nodeId: 'sync' }),
        expect.objectContaining({ nodeId: 'alert' }),
      ]),
    });
  });
});

describe('onError: "continue"', () => {
  it('carries on after a failure without a handler; the next node reads the error', async () => {
    const { run, task, logs, outcome } = await runToEnd({
      trigger: { type: 'manual' },
      nodes: [
        call('sync', '/broken', { onError: 'continue' }),
        transform('next', 'sync said {{ nodes.sync.error.type }}'),
      ],
      edges: [['sync', 'next']],
    });
    expect(outcome).toBe('completed');
    expect(run.runStatus).toBe('success');
    expect(task('sync').taskStatus).toBe('failed');
    expect(logs('next').output).toEqual({ value: `sync said ${logs('sync').error!.type}` });
    expect(run.resultSummary).toMatchObject({ status: 'success', failures: [{ nodeId: 'sync' }] });
  });

  it('ends the run as a success when the last node fails with onError "continue"', async () => {
    const { run, handle, task, outcome } = await runToEnd({
      trigger: { type: 'manual' },
      nodes: [transform('first', 'one'), call('last', '/broken', { onError: 'continue' })],
      edges: [['first', 'last']],
    });
    expect(outcome).toBe('completed');
    expect(run.runStatus).toBe('success');
    expect(task('last').taskStatus).toBe('failed');
    expect(run.resultSummary).toMatchObject({ status: 'success', nodes: { first: 'success', last: 'failed' } });
    // `last` ended the run in its own activity; the workflow's own finishRun agrees with it.
    const types = historySteps(await handle.fetchHistory()).map((step) => step.type);
    expect(types.slice(0, 2)).toEqual(['executeNode', 'executeNode']);
  });
});
