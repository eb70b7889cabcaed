import type { StandaloneStack } from '../standalone-stack';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import type { Workflow } from '../../core/db/models';
import { rotateWebhookSecret } from '../../server/webhooks/webhook-secret.service';
import { postWebhook } from '../webhook-delivery';
import { runTemporalWorkflowId } from '../../core/run/temporal-links';
import { startHttpTestServer, type HttpTestServer } from '../http-test-server';

/** The shape measured against n8n in issue 12: webhook → HTTP request to a loopback server → set fields. */
export function webhookSpec(targetUrl: string): WorkflowSpec {
  return {
    trigger: { type: 'webhook' },
    nodes: [
      {
        id: 'fetch',
        type: 'http_request',
        name: 'Fetch',
        config: { method: 'POST', url: `${targetUrl}/echo`, headers: [], body: '{{ trigger }}', timeoutSeconds: 10 },
      },
      {
        id: 'set',
        type: 'transform',
        name: 'Set fields',
        config: {
          fields: [
            { name: 'status', value: '{{ nodes.fetch.status }}' },
            { name: 'order', value: '{{ trigger.order }}' },
          ],
        },
      },
    ],
    edges: [['fetch', 'set']],
  };
}

/** The loopback target: answers every call at once with a small JSON body. */
export function startTarget(): Promise<HttpTestServer> {
  return startHttpTestServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
}

export interface Delivery {
  runId: string;
  /** Client side: from sending the request to its answer (the 202, or with `wait`, the run's end). */
  answerMs: number;
  /** The answer said the run had ended (a delivery with `wait`, answered 200). */
  ended: boolean;
}

/** How long a closed-loop caller asks the webhook to wait for its run (`?wait=`). */
export const callerWaitSeconds = 30;

/** An active webhook workflow of the shape, with its secret, and a way to deliver signed requests to it. */
export async function webhookWorkflow(stack: StandaloneStack, apiUrl: string, targetUrl: string) {
  const { services, owner } = stack;
  const workflow: Workflow = await services.models.Workflow.create({
    ownerId: owner.id,
    name: 'bench: webhook → http_request → transform',
    specJson: webhookSpec(targetUrl),
    llmPromptVersion: null,
    status: 'active',
  });
  const secret = await rotateWebhookSecret(services, workflow);
  let sent = 0;
  /**
   * Sends one signed delivery (each has its own body, so its own signature) and waits for its
   * answer: the 202, or with `waitSeconds`, the run's end, as a caller of the webhook would.
   */
  const deliver = async (waitSeconds?: number): Promise<Delivery> => {
    sent += 1;
    const body = JSON.stringify({ order: sent, amount: 60 });
    const query = waitSeconds ? `?wait=${waitSeconds}` : '';
    const t0 = performance.now();
    const response = await postWebhook(`${apiUrl}/hooks/${workflow.id}${query}`, secret, body);
    const text = await response.text();
    const answerMs = performance.now() - t0;
    if (response.status !== 202 && response.status !== 200)
      throw new Error(`webhook answered ${response.status}: ${text}`);
    return { runId: (JSON.parse(text) as { runId: string }).runId, answerMs, ended: response.status === 200 };
  };
  /** Waits for the run's Temporal execution to end (the run row is finished before it does). */
  const awaitRun = (runId: string) => runHandle(stack, runId).result();
  return { workflow, deliver, awaitRun };
}

/** What the load generators drive: deliveries, and a wait for a run the answer left running. */
export type WebhookShape = Pick<Awaited<ReturnType<typeof webhookWorkflow>>, 'deliver' | 'awaitRun'>;

/** The Temporal handle of a run the API started. */
export const runHandle = ({ services }: StandaloneStack, runId: string) =>
  services.temporal.client.workflow.getHandle(runTemporalWorkflowId(runId));
