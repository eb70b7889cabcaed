import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { Client, Connection } from '@temporalio/client';
import { repoRoot } from '../../core/config/paths';
import { initModels } from '../../core/db/models';
import { createSequelize } from '../../core/db/sequelize';
import { createOwner } from '../../testing/fixtures';
import { freePort } from '../../testing/free-port';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server';
import { startTcpProxy, type TcpProxy } from '../../testing/tcp-proxy';
import { waitUntil } from '../../testing/run-environment';
import { createTestDatabase } from '../../testing/test-database';
import { signInOverHttp, trpcMutation, trpcQuery } from '../../testing/trpc-http';

// `npm run build`, then `npm start` as production runs it (NODE_ENV=production, no tsx): the
// compiled migrations on an empty database, then the compiled API and worker, which come up while
// Temporal is away and run a workflow once it is back, through the prebuilt workflow bundle (the
// API's own worker with it), traced (its traced copy) to an OTLP receiver on loopback.

let database: { url: string; drop(): Promise<void> };
let receiver: HttpTestServer;
let temporal: TcpProxy | null = null;
let start: ChildProcess | null = null;
let output = '';

beforeAll(async () => {
  await promisify(execFile)(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['server/build/build.cli.ts'], {
    cwd: repoRoot,
  });
  database = await createTestDatabase();
  receiver = await startHttpTestServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
}, 180_000);
afterAll(async () => {
  if (start && start.exitCode === null) start.kill('SIGKILL');
  await database?.drop();
  await receiver?.close();
  await temporal?.close();
});

/**
 * Polls `probe` (its failures count as not yet: the API may not listen yet) for up to 60 s, failing
 * at once if `npm start` exits; either failure carries the processes' output.
 */
async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  try {
    return await waitUntil(
      what,
      async () => {
        if (start?.exitCode !== null) throw new Error(`npm start exited (${start?.exitCode}) before ${what}`);
        return probe().catch(() => undefined);
      },
      60_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}:\n${output}`);
  }
}

it('starts the compiled API and worker, which run a workflow, and stops them on SIGTERM', async () => {
  const port = await freePort();
  const apiWorkerMetricsPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Temporal is away when the programs start, as it may be in production: the API comes up all the
  // same, and its worker connects once Temporal answers.
  const [temporalHost, temporalPort] = inject('temporalAddress').split(':');
  temporal = await startTcpProxy({ host: temporalHost!, port: Number(temporalPort) });
  temporal.cut();
  start = spawn(process.execPath, ['dist/server/start.js'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporal.port}`,
      TEMPORAL_TASK_QUEUE: `build-${randomUUID()}`,
      APP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_URL: 'http://localhost:5173',
      PORT: String(port),
      METRICS_PORT: '0',
      WORKER_METRICS_PORT: '0',
      API_WORKER_METRICS_PORT: String(apiWorkerMetricsPort),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  start.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  start.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  await until("the API's worker waiting for Temporal", async () =>
    /"component":"api-worker".*could not start the API's worker/.test(output) &&
    (await fetch(`${baseUrl}/healthz`)).status === 503
      ? true
      : undefined,
  );
  temporal.restore();
  // Healthy means PostgreSQL migrated and answering, Temporal answering, and a worker polling; the
  // worker program may be first, so the API's own is waited for too, before a run is started.
  await until('a healthy API with its worker polling', async () =>
    output.includes("the API's worker polls") && (await fetch(`${baseUrl}/healthz`)).status === 200 ? true : undefined,
  );
  const sequelize = createSequelize(database.url);
  await createOwner(initModels(sequelize), 'builder@example.com');
  await sequelize.close();
  const cookie = await signInOverHttp(baseUrl, 'builder@example.com', 'owner password');
  const created = await trpcMutation(
    baseUrl,
    'workflows.create',
    {
      name: 'compiled',
      spec: {
        trigger: { type: 'manual' },
        nodes: [{ id: 'say', type: 'transform', name: 'Say', config: { fields: [{ name: 'text', value: 'hi' }] } }],
        edges: [],
      },
    },
    { cookie },
  );
  const workflowId = created.body.result.data.id as string;
  await trpcMutation(baseUrl, 'workflows.activate', { workflowId }, { cookie });
  const started = await trpcMutation(baseUrl, 'runs.start', { workflowId, input: {} }, { cookie });
  const runId = started.body.result.data.id as string;
  const run = await until('a finished run', async () => {
    const input = encodeURIComponent(JSON.stringify({ runId }));
    const { body } = await trpcQuery(baseUrl, `runs.get?input=${input}`, { cookie });
    const data = body.result.data as { status: string; tasks: Array<{ nodeId: string; logs: { output?: unknown } }> };
    return data.status === 'pending' || data.status === 'running' ? undefined : data;
  });
  expect(run.status).toBe('success');
  expect(run.tasks.map((t) => [t.nodeId, t.logs.output])).toEqual([['say', { text: 'hi' }]]);

  // The API started the run eagerly on its own worker (API_WORKER, on by default), whose runtime
  // counts the run on its metrics port; the worker program polls the same queue beside it.
  const temporalWorkflowId = await until('the run row', async () => {
    const sequelize = createSequelize(database.url);
    try {
      return (await initModels(sequelize).WorkflowRun.findByPk(runId))?.temporalWorkflowId ?? undefined;
    } finally {
      await sequelize.close();
    }
  });
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    const history = await new Client({ connection }).workflow.getHandle(temporalWorkflowId).fetchHistory();
    expect(history.events![0]!.workflowExecutionStartedEventAttributes!.eagerExecutionAccepted).toBe(true);
  } finally {
    await connection.close();
  }
  const metrics = await (await fetch(`http://127.0.0.1:${apiWorkerMetricsPort}/metrics`)).text();
  expect(metrics).toMatch(/^workflow_agent_runs_finished_total\{[^}]*status="success"[^}]*\} 1$/m);

  const exited = new Promise<number | null>((resolve) => start!.once('exit', (code) => resolve(code)));
  start.kill('SIGTERM');
  expect(await exited).toBe(0);

  // Both processes sent their spans before they ended: the workflow's from the traced bundle.
  const spanNames = receiver.requests
    .filter((request) => request.url === '/v1/traces')
    .flatMap((request) => JSON.parse(request.body).resourceSpans)
    .flatMap((resource: { scopeSpans: Array<{ spans: Array<{ name: string }> }> }) => resource.scopeSpans)
    .flatMap((scope) => scope.spans.map((span) => span.name));
  expect(spanNames).toEqual(
    expect.arrayContaining(['StartWorkflow:runSpec', 'RunWorkflow:runSpec', 'RunActivity:executeNode']),
  );
}, 180_000);

it('builds every program the compose file and the Dockerfile run', () => {
  const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { command?: string[] }>;
  };
  const dockerCmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'))![1]!;
  const commands = [
    ...Object.values(compose.services).flatMap((s) => (s.command ? [s.command] : [])),
    JSON.parse(dockerCmd) as string[],
  ];
  const programs = commands.map((command) => command.find((arg) => arg.startsWith('dist/')));
  expect(programs).toEqual([
    'dist/server/migrate.js',
    'dist/server/main.js',
    'dist/workflows-temporal/worker.js',
    'dist/server/main.js',
  ]);
  for (const program of programs) expect(existsSync(join(repoRoot, program!)), program).toBe(true);
});
