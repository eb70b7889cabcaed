import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User } from '../../core/db/models';
import { callerFor } from '../../testing/caller';
import { startRunEnvironment, type RunEnvironment } from '../../testing/run-environment';

let env: RunEnvironment;
let owner: User;

beforeAll(async () => {
  env = await startRunEnvironment();
  owner = env.owner;
});
afterAll(() => env?.close());

it('makes each run findable in Temporal by the app workflow id, run id and owner, with a readable id and memo', async () => {
  const workflow = await env.services.models.Workflow.create({
    ownerId: owner.id,
    name: 'Findable',
    specJson: {
      trigger: { type: 'manual' },
      nodes: [{ id: 'a', type: 'transform', name: 'A', config: { fields: [{ name: 'x', value: '1' }] } }],
      edges: [],
    },
    llmPromptVersion: null,
    status: 'active',
  });
  const run = await callerFor(env.services, owner).runs.start({ workflowId: workflow.id, input: {} });
  const handle = env.services.temporal.client.workflow.getHandle(`run-${run.id}`);
  await handle.result();

  for (const query of [`AppWorkflowId = "${workflow.id}"`, `AppRunId = "${run.id}"`, `AppOwnerId = "${owner.id}"`]) {
    const found: string[] = [];
    // Visibility is eventually consistent: give the dev server a moment to index the run.
    for (let i = 0; i < 50 && found.length === 0; i++) {
      for await (const execution of env.services.temporal.client.workflow.list({ query }))
        found.push(execution.workflowId);
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found, query).toEqual([`run-${run.id}`]);
  }
  const description = await handle.describe();
  expect(await description.memo).toMatchObject({
    workflowName: 'Findable',
    trigger: 'manual',
    startedBy: 'owner@example.com',
  });
  expect(run.temporalUrl).toBe(`${env.services.config.TEMPORAL_UI_URL}/namespaces/default/workflows/run-${run.id}`);
});
