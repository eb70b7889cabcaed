import { closeAppServices, createAppServices, type AppServices } from '../server/app-services';
import type { User } from '../core/db/models';
import { resumeRun } from '../server/runs/run-control.service';
import { startRun } from '../server/runs/runs.service';
import { migratedTestDatabase, type MigratedDatabase } from './test-database';
import { startTestServer, testConfig } from './test-server';
import type { ActivityOverrides } from '../workflows-temporal/app-worker';
import type { TaskLogs } from '../core/run/task-logs';
import type { WorkflowSpec } from '../core/spec/spec.schema';
import { createOwner } from './fixtures';
import { startTestWorker, testTaskQueue } from './test-worker';

/**
 * A test file's own database, the API's services on their own task queue, a test worker (unless
 * the test runs its own) and an owner.
 */
export interface RunEnvironment {
  db: MigratedDatabase;
  services: AppServices;
  owner: User;
  /** The real HTTP API, when asked for with `{ http: true }`. */
  baseUrl: string | null;
  close(): Promise<void>;
}

/**
 * Starts a RunEnvironment; `config` overrides the test configuration (e.g. OPENAI_API_KEY), `http`
 * serves the real HTTP API too, and `worker: false` leaves the task queue to the test's own worker.
 */
export async function startRunEnvironment(
  config: Record<string, string> = {},
  { http = false, worker: withWorker = true } = {},
): Promise<RunEnvironment> {
  const db = await migratedTestDatabase();
  const appConfig = testConfig(db.url, { TEMPORAL_TASK_QUEUE: testTaskQueue(), ...config });
  const server = http ? await startTestServer(appConfig) : null;
  const services = server?.services ?? createAppServices(appConfig);
  const worker = withWorker ? await startTestWorker(services) : null;
  const owner = await createOwner(services.models);
  return {
    db,
    services,
    owner,
    baseUrl: server?.baseUrl ?? null,
    close: async () => {
      await worker?.stop();
      await (server ? server.close() : closeAppServices(services));
      await db.drop();
    },
  };
}

/**
 * A second worker on its own task queue whose activities differ from the test worker's (another
 * outbound policy, another LLM configuration). Runs started with the returned `services` go to it.
 */
export async function startCustomWorker(services: AppServices, overrides: ActivityOverrides) {
  const custom = {
    ...services,
    config: { ...services.config, TEMPORAL_TASK_QUEUE: testTaskQueue() },
  } satisfies AppServices;
  const { stop } = await startTestWorker(custom, overrides);
  return { services: custom, stop };
}

/** Saves `spec` as an active workflow of `owner` and starts a manual run of it, as the API does. */
export async function startSpecRun(
  services: AppServices,
  owner: User,
  spec: WorkflowSpec,
  input: unknown = {},
  name = 'test',
) {
  const workflow = await services.models.Workflow.create({
    ownerId: owner.id,
    name,
    specJson: spec,
    llmPromptVersion: null,
    status: 'active',
  });
  const run = await startRun(services, owner, { workflowId: workflow.id, input, trigger: 'manual' });
  const handle = services.temporal.client.workflow.getHandle(run.temporalWorkflowId!);
  return { run, handle };
}

/** Resumes the failed run `runId` on the spec it executed, as `runs.resume` does. */
export async function resumeSpecRun(services: AppServices, owner: User, runId: string) {
  const run = await resumeRun(services, owner, runId, 'original');
  const handle = services.temporal.client.workflow.getHandle(run.temporalWorkflowId!);
  return { run, handle };
}

/** The run's tasks now, with lookups by node id. */
export async function loadTasks(services: AppServices, runId: string) {
  const tasks = await services.models.Task.findAll({ where: { workflowRunId: runId } });
  const task = (id: string) => {
    const found = tasks.find((t) => t.nodeId === id);
    if (!found) throw new Error(`no task for node ${id}`);
    return found;
  };
  return { tasks, task, logs: (id: string) => task(id).logs as TaskLogs };
}

/** Starts a run of `spec`, waits for its Temporal execution to end, and loads what it recorded. */
export async function runToEnd(services: AppServices, owner: User, spec: WorkflowSpec, input: unknown = {}) {
  const { run, handle } = await startSpecRun(services, owner, spec, input);
  const outcome = await handle.result().then(
    () => 'completed',
    // WorkflowFailedError says only "Workflow execution failed"; its cause says which nodes.
    (error: Error) => `failed: ${error.cause instanceof Error ? error.cause.message : error.message}`,
  );
  await run.reload();
  const history = async () => historyText(handle);
  return { run, handle, outcome, history, ...(await loadTasks(services, run.id)) };
}

/**
 * The run's Temporal history as searchable text, payloads decoded: plain JSON.stringify would show
 * payload bytes as base64, where no plaintext secret or output could ever be found.
 */
export async function historyText(handle: { fetchHistory(): Promise<unknown> }): Promise<string> {
  const decode = (value: unknown): unknown => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (Array.isArray(value)) return value.map(decode);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decode(item)]));
    return value;
  };
  return JSON.stringify(decode(await handle.fetchHistory()));
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
