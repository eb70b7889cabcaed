import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../../testing/caller';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';
import { postWebhook } from '../../testing/webhook-delivery';
import type { WorkflowSpec } from '../../core/spec/spec.schema';

// One webhook-started run, traced end to end: the API's request span, the Temporal client's start,
// the workflow, and each node's activity, exported by OTLP/HTTP to a receiver on loopback. The
// API and the worker share this test's process, and so one trace pipeline (core/telemetry/tracing.ts).

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: Array<{ key: string; value: { stringValue?: string } }>;
}

let receiver: HttpTestServer;
let env: RunEnvironment;

beforeAll(async () => {
  receiver = await startHttpTestServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  env = await startRunEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, { http: true });
});
afterAll(async () => {
  await env?.close();
  await receiver?.close();
});

/** Every span the receiver got, from the OTLP JSON bodies the exporter posted to /v1/traces. */
function receivedSpans(): OtlpSpan[] {
  return receiver.requests
    .filter((request) => request.url === '/v1/traces')
    .flatMap((request) => JSON.parse(request.body).resourceSpans)
    .flatMap((resourceSpans: { scopeSpans: Array<{ spans: OtlpSpan[] }> }) => resourceSpans.scopeSpans)
    .flatMap((scope) => scope.spans);
}

const attribute = (span: OtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value.stringValue;

const spec: WorkflowSpec = {
  trigger: { type: 'webhook' },
  nodes: [
    { id: 'first', type: 'transform', name: 'First', config: { fields: [{ name: 'n', value: '1' }] } },
    { id: 'left', type: 'transform', name: 'Left', config: { fields: [{ name: 'n', value: '2' }] } },
    { id: 'right', type: 'transform', name: 'Right', config: { fields: [{ name: 'n', value: '3' }] } },
  ],
  edges: [
    ['first', 'left'],
    ['first', 'right'],
  ],
};

describe('tracing a webhook-started run', () => {
  it('makes one trace: the API request at its root, the workflow and every node below it', async () => {
    const { services, owner } = env;
    const workflow = await services.models.Workflow.create({
      ownerId: owner.id,
      name: 'traced',
      specJson: spec,
      llmPromptVersion: null,
      status: 'draft',
    });
    const caller = callerFor(services, owner);
    const { secret } = await caller.workflows.rotateWebhookSecret({ workflowId: workflow.id });
    await caller.workflows.activate({ workflowId: workflow.id });

    const response = await postWebhook(`${env.baseUrl}/hooks/${workflow.id}`, secret, '{}');
    expect(response.status).toBe(202);
    const { runId } = await response.json();
    const run = await services.models.WorkflowRun.findByPk(runId, { rejectOnEmpty: true });
    await services.temporal.client.workflow.getHandle(run.temporalWorkflowId!).result();
    // The workflow's spans leave through its sink when its last task completes; then send them all.
    await services.tracing!.flush();

    const spans = receivedSpans();
    const root = spans.find((span) => span.name === 'POST /hooks/:workflowId');
    expect(root, spans.map((s) => s.name).join(', ')).toBeDefined();
    expect(root!.parentSpanId ?? '').toBe('');
    const trace = spans.filter((span) => span.traceId === root!.traceId);
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    /** The names from a span up to the root: every span of the run must reach it. */
    const ancestry = (span: OtlpSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [...ancestry(parent), parent.name] : [];
    };

    const workflowSpan = trace.find((span) => span.name === 'RunWorkflow:runSpec');
    expect(workflowSpan).toBeDefined();
    expect(ancestry(workflowSpan!)).toEqual(['POST /hooks/:workflowId', 'StartWorkflow:runSpec']);

    const nodeSpans = trace.filter((span) => span.name === 'RunActivity:executeNode');
    expect(nodeSpans.map((span) => attribute(span, 'node.id')).sort()).toEqual(['first', 'left', 'right']);
    for (const span of nodeSpans) {
      expect(attribute(span, 'run.id')).toBe(runId);
      expect(ancestry(span).slice(0, 3)).toEqual([
        'POST /hooks/:workflowId',
        'StartWorkflow:runSpec',
        'RunWorkflow:runSpec',
      ]);
    }
    // Nothing of the run went into another trace.
    expect(spans.filter((span) => span.traceId !== root!.traceId && span.name.includes('runSpec'))).toEqual([]);
  });
});
