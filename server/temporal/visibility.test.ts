import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User } from '../db/models';
import { callerFor } from '../test/caller';
import { migratedTestDatabase, type MigratedDatabase } from '../test/test-database';
import { startTestServer, testConfig, type TestServer } from '../test/test-server';
import { createOwner } from '../../workflows-temporal/test/fixtures';
import { startTestWorker, testTaskQueue } from '../../workflows-temporal/test/test-worker';

let db: MigratedDatabase;
let server: TestServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let owner: User;

beforeAll(async () => {
  db = await migratedTestDatabase();
  server = await startTestServer(testConfig(db.url, { TEMPORAL_TASK_QUEUE: testTaskQueue() }));
  worker = await startTestWorker(server.services);
  owner = await createOwner(server.services.models);
});
afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await db?.drop();
});

it('makes each run findable in Temporal by the app workflow id, run id and owner, with a readable id and memo', async () => {
  const workflow = await server.services.models.Workflow.create({
    ownerId: owner.id,
    name: 'Findable',
    specJson: { trigger: { type: 'manual' }, nodes: [{ id: 'a', type: 'transform', name: 'A', config: { fields: [{ name: 'x', value: '1' }] } }], edges: [] },
    llmPromptVersion: null,
    status: 'active',
  });
  const run = await callerFor(server.services, owner).runs.start({ workflowId: workflow.id, input: {} });
  const handle = server.services.temporal.client.workflow.getHandle(`run-${run.id}`);
  await handle.result();

  for (const query of [`AppWorkflowId = "${workflow.id}"`, `AppRunId = "${run.id}"`, `AppOwnerId = "${owner.id}"`]) {
    const found: string[] = [];
    // Visibility is eventually consistent: give the dev server a moment to index the run.
    for (let i = 0; i < 50 && found.length === 0; i++) {
      for await (const execution of server.services.temporal.client.workflow.list({ query })) found.push(execution.workflowId);
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found, query).toEqual([`run-${run.id}`]);
  }
  const description = await handle.describe();
  expect(await description.memo).toMatchObject({ workflowName: 'Findable', trigger: 'manual', startedBy: 'owner@example.com' });
  expect(run.temporalUrl).toBe(`${server.services.config.TEMPORAL_UI_URL}/namespaces/default/workflows/run-${run.id}`);
});
