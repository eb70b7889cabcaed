import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../../testing/caller';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';
import { nextCronTimes } from '../../core/spec/cron-next';
import type { WorkflowSpec } from '../../core/spec/spec.schema';

let env: RunEnvironment;

const spec = (trigger: WorkflowSpec['trigger']): WorkflowSpec => ({
  trigger,
  nodes: [{ id: 'tick', type: 'transform', name: 'Tick', config: { fields: [{ name: 'at', value: '{{ run.id }}' }] } }],
  edges: [],
});

beforeAll(async () => {
  env = await startRunEnvironment();
});
afterAll(() => env?.close());

const caller = () => callerFor(env.services, env.owner);

describe('workflows.triggerDetails', () => {
  it("computes a draft cron workflow's next times, and once active gives the Schedule's, which agree", async () => {
    const workflow = await caller().workflows.create({
      name: 'cron',
      spec: spec({ type: 'cron', cron: '*/7 9-17 * * 1-5', timezone: 'Asia/Kolkata' }),
    });
    const draft = await caller().workflows.triggerDetails({ workflowId: workflow.id });
    expect(draft).toMatchObject({
      type: 'cron',
      cron: '*/7 9-17 * * 1-5',
      timezone: 'Asia/Kolkata',
      nextRunsFrom: 'expression',
    });
    if (draft.type !== 'cron') throw new Error('not cron');
    expect(draft.nextRuns).toHaveLength(5);
    expect(Date.parse(draft.nextRuns[0]!)).toBeGreaterThan(Date.now() - 1000);

    await caller().workflows.activate({ workflowId: workflow.id });
    const asked = new Date();
    const active = await caller().workflows.triggerDetails({ workflowId: workflow.id });
    if (active.type !== 'cron') throw new Error('not cron');
    expect(active.nextRunsFrom).toBe('schedule');
    // The preview reads the expression as Temporal does (a tick in these milliseconds aside).
    const expected = nextCronTimes('*/7 9-17 * * 1-5', 'Asia/Kolkata', asked, 5);
    expect(active.nextRuns).toEqual(expected.map((d) => d.toISOString()));
  });

  it("gives a webhook workflow's URL and signing headers, and whether a secret exists, never the secret", async () => {
    const workflow = await caller().workflows.create({ name: 'hook', spec: spec({ type: 'webhook' }) });
    const before = await caller().workflows.triggerDetails({ workflowId: workflow.id });
    expect(before).toEqual({
      type: 'webhook',
      url: `${env.services.config.PUBLIC_URL.replace(/\/$/, '')}/hooks/${workflow.id}`,
      hasSecret: false,
      signatureHeader: 'x-webhook-signature',
      timestampHeader: 'x-webhook-timestamp',
      toleranceSeconds: 300,
    });
    const { secret } = await caller().workflows.rotateWebhookSecret({ workflowId: workflow.id });
    const after = await caller().workflows.triggerDetails({ workflowId: workflow.id });
    expect(after).toMatchObject({ hasSecret: true });
    expect(JSON.stringify(after)).not.toContain(secret);
  });

  it('says only "manual" for a manual workflow', async () => {
    const workflow = await caller().workflows.create({ name: 'manual', spec: spec({ type: 'manual' }) });
    expect(await caller().workflows.triggerDetails({ workflowId: workflow.id })).toEqual({ type: 'manual' });
  });
});
