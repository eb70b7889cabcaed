import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskLogs } from '../../../core/run/task-logs';
import type { WorkflowSpec } from '../../../core/spec/spec.schema';
import { startHttpTestServer, type HttpTestServer } from '../../../testing/http-test-server';
import { runToEnd, startRunEnvironment, type RunEnvironment } from '../../../testing/run-environment';
import { renderLimits } from './render';

// Output amplification: a template that repeats a large input many times produces references,
// not copies, until something serialises it. The node must fail before that, at once and for good.

let env: RunEnvironment;
let sink: HttpTestServer;
// Each reference counts in full: a few of these pass the limits.
const big = 'x'.repeat(1.5 * 1024 * 1024);

beforeAll(async () => {
  env = await startRunEnvironment({ OUTBOUND_ALLOW_NETWORKS: 'loopback' });
  sink = await startHttpTestServer((_, response) => response.end('ok'));
});
afterAll(async () => {
  await env?.close();
  await sink?.close();
});

const oneNode = (node: WorkflowSpec['nodes'][number]): WorkflowSpec => ({
  trigger: { type: 'manual' },
  nodes: [node],
  edges: [],
});

/** One http_request node POSTing the rendered `body` to the sink. */
const postOf = (body: string) =>
  oneNode({
    id: 'post',
    type: 'http_request',
    name: 'Post',
    config: { method: 'POST', url: `${sink.url}/upload`, headers: [], body, timeoutSeconds: 5 },
  });

const failure = async (spec: WorkflowSpec, nodeId: string) => {
  const { run, task } = await runToEnd(env.services, env.owner, spec, { big });
  expect(run.runStatus).toBe('failed');
  expect(task(nodeId)).toMatchObject({ taskStatus: 'failed', attemptCount: 1 });
  return (task(nodeId).logs as TaskLogs).error;
};

describe('render limits', () => {
  it('fail a transform field whose value passes the per-value limit, naming the field', async () => {
    const error = await failure(
      oneNode({
        id: 'copy',
        type: 'transform',
        name: 'Copy',
        config: { fields: [{ name: 'many', value: '{{ [trigger.big, trigger.big, trigger.big] }}' }] },
      }),
      'copy',
    );
    expect(error).toEqual({
      type: 'RenderedTooLarge',
      retryable: false,
      message: expect.stringMatching(
        `^field many: the rendered value is larger than ${renderLimits.perValueBytes / 1024 / 1024} MiB`,
      ),
    });
  });

  it('fail a node whose values pass the per-node limit together', async () => {
    const pair = '{{ [trigger.big, trigger.big] }}';
    const error = await failure(
      oneNode({
        id: 'copy',
        type: 'transform',
        name: 'Copy',
        config: { fields: ['a', 'b', 'c'].map((name) => ({ name, value: pair })) },
      }),
      'copy',
    );
    expect(error?.message).toMatch(
      new RegExp(`^field c: this node's rendered values pass ${renderLimits.perNodeBytes / 1024 / 1024} MiB together`),
    );
  });

  it('fail an http_request before it sends an amplified body', async () => {
    const error = await failure(postOf('{{ [trigger.big, trigger.big, trigger.big, trigger.big] }}'), 'post');
    expect(error).toMatchObject({ type: 'RenderedTooLarge', message: expect.stringMatching(/^body: /) });
    expect(sink.requests).toEqual([]);
  });

  it('let a large value through once, under the limits', async () => {
    const { run, task } = await runToEnd(env.services, env.owner, postOf('{{ trigger.big }}'), { big });
    expect(run.runStatus).toBe('success');
    expect(task('post').taskStatus).toBe('success');
    expect(sink.requests.at(-1)?.body.length).toBe(big.length);
  });
});
