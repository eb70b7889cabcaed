import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workflow } from '../../core/db/models';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { callerFor } from '../../testing/caller';
import { createConnector } from '../../testing/fixtures';
import { freePort } from '../../testing/free-port';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server';
import { startRunEnvironment, waitUntil, type RunEnvironment } from '../../testing/run-environment';
import { postWebhook } from '../../testing/webhook-delivery';
import { killableWorkers } from '../../testing/worker-process';
import { serveMetrics, type MetricsServer } from './metrics-server';

// The metrics an operator scrapes after runs: the API's on its metrics port (requests, runs it
// started), and the worker's on WORKER_METRICS_PORT, served by the Temporal SDK's exporter: the
// SDK's own figures and the runs' (finished by status, node failures by type). The worker is the
// production entry point as its own process, so its runtime is installed as in production.

let env: RunEnvironment;
let workers: ReturnType<typeof killableWorkers>;
let workerMetricsUrl: string;
let apiMetrics: MetricsServer;
let missing: HttpTestServer;

beforeAll(async () => {
  env = await startRunEnvironment({}, { http: true, worker: false });
  apiMetrics = await serveMetrics(env.services.metrics.registry, 0, '127.0.0.1');
  const port = await freePort();
  workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
  workers = killableWorkers(env.services.config);
  await workers.start({ WORKER_METRICS_PORT: String(port) });
  missing = await startHttpTestServer((_, response) => response.writeHead(404).end('no such thing'));
}, 120_000);
afterAll(async () => {
  workers?.killAll();
  await apiMetrics?.close();
  await missing?.close();
  await env?.close();
});

async function webhookWorkflow(spec: WorkflowSpec): Promise<{ workflow: Workflow; secret: string }> {
  const workflow = await env.services.models.Workflow.create({
    ownerId: env.owner.id,
    name: 'measured',
    specJson: spec,
    llmPromptVersion: null,
    status: 'draft',
  });
  const caller = callerFor(env.services, env.owner);
  const { secret } = await caller.workflows.rotateWebhookSecret({ workflowId: workflow.id });
  await caller.workflows.activate({ workflowId: workflow.id });
  return { workflow, secret };
}

let deliveries = 0;

/** Delivers a body of its own (a repeated signature is refused) and waits for the run's end; its status. */
async function deliver({ workflow, secret }: { workflow: Workflow; secret: string }): Promise<string> {
  const body = JSON.stringify({ delivery: ++deliveries });
  const response = await postWebhook(`${env.baseUrl}/hooks/${workflow.id}?wait=20`, secret, body);
  expect(response.status).toBe(200);
  return (await response.json()).status;
}

const scrape = async (url: string) => (await fetch(url)).text();

describe('Prometheus metrics after runs', () => {
  it('count the runs by status and the failed node by type, beside the SDK and HTTP figures', async () => {
    const fine = await webhookWorkflow({
      trigger: { type: 'webhook' },
      nodes: [{ id: 'only', type: 'transform', name: 'Only', config: { fields: [{ name: 'n', value: '1' }] } }],
      edges: [],
    });
    const connector = await createConnector(
      env.services.models,
      env.services.config.APP_ENCRYPTION_KEY,
      env.owner.id,
      'http',
      { baseUrl: missing.url, headers: [], auth: 'none' },
      null,
    );
    const failing = await webhookWorkflow({
      trigger: { type: 'webhook' },
      nodes: [
        {
          id: 'call',
          type: 'http_request',
          name: 'Call',
          config: { connectorId: connector.id, method: 'GET', url: '/nope', headers: [], timeoutSeconds: 5 },
        },
      ],
      edges: [],
    });
    expect(await deliver(fine)).toBe('success');
    expect(await deliver(fine)).toBe('success');
    expect(await deliver(failing)).toBe('failed');

    // The worker counts right after its write that ends the run, which the API answered on, and
    // the SDK once the Temporal execution has failed too, a moment later.
    const worker = await waitUntil('the worker has counted the failed run', async () => {
      const text = await scrape(workerMetricsUrl);
      return /^temporal_workflow_failed\{.*\} 1$/m.test(text) && text;
    });
    expect(worker).toMatch(/workflow_agent_runs_finished_total\{[^}]*status="failed"[^}]*\} 1\b/);
    expect(worker).toMatch(/workflow_agent_runs_finished_total\{[^}]*status="success"[^}]*\} 2\b/);
    expect(worker).toMatch(/workflow_agent_node_failures_total\{[^}]*node_type="http_request"[^}]*\} 1\b/);
    expect(worker).not.toMatch(/node_type="transform"/);
    // The SDK's own metrics, on the same endpoint.
    expect(worker).toMatch(/^temporal_workflow_completed\{.*\} 2$/m);

    const api = await scrape(`http://127.0.0.1:${apiMetrics.port}/metrics`);
    expect(api).toContain('workflow_agent_runs_started_total{trigger="webhook"} 3');
    expect(api).toContain(
      'workflow_agent_http_requests_total{method="POST",route="/hooks/:workflowId",status="200"} 3',
    );
    expect(api).toMatch(
      /workflow_agent_http_request_duration_seconds_count\{method="POST",route="\/hooks\/:workflowId"\} 3/,
    );
  });

  it('serve nothing but GET /metrics on the metrics port', async () => {
    expect((await fetch(`http://127.0.0.1:${apiMetrics.port}/`)).status).toBe(404);
  });
});
