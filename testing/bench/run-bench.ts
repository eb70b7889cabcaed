// `npm run bench`: latency, throughput and per-node overhead of a 3-node workflow (transform →
// condition → transform, no network) on the embedded stack: an embedded PostgreSQL and an
// in-memory Temporal dev server on free ports (or DATABASE_URL's server, on a fresh database it
// drops afterwards, and TEMPORAL_ADDRESS), a freshly migrated database, and an in-process worker
// with the production activities. Runs start as the API starts them (`startRun`). Not a test.
//
//   npm run bench -- --runs 30 --concurrency 50 --rounds 3 --warmup 5
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startRun } from '../../server/runs/runs.service';
import type { RunSpecResult } from '../../core/run/run-contract';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { table } from '../report-table';
import { withStandaloneStack, type StandaloneStack } from '../standalone-stack';

const usage = `usage: npm run bench -- [--runs N] [--concurrency M] [--rounds R] [--warmup W]
  --runs N         sequential runs measured for latency (default 30)
  --concurrency M  runs started at once in each throughput round (default 50)
  --rounds R       throughput rounds; the median is reported (default 3)
  --warmup W       runs before measuring, not counted (default 5)`;

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '30' },
      concurrency: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const count = (name: 'runs' | 'concurrency' | 'rounds' | 'warmup', min: number, max: number) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`--${name} must be a whole number from ${min} to ${max}\n${usage}`);
    return value;
  };
  return {
    runs: count('runs', 1, 10_000),
    concurrency: count('concurrency', 1, 1000),
    rounds: count('rounds', 1, 100),
    warmup: count('warmup', 0, 1000),
  };
}

const spec: WorkflowSpec = {
  trigger: { type: 'manual' },
  nodes: [
    {
      id: 'prepare',
      type: 'transform',
      name: 'Prepare',
      config: { fields: [{ name: 'amount', value: '{{ trigger.amount * 2 }}' }] },
    },
    { id: 'check', type: 'condition', name: 'Large?', config: { expression: 'nodes.prepare.amount > 100' } },
    {
      id: 'report',
      type: 'transform',
      name: 'Report',
      config: { fields: [{ name: 'message', value: 'large amount: {{ nodes.prepare.amount }}' }] },
    },
  ],
  edges: [
    ['prepare', 'check'],
    ['check', 'report', 'true'],
  ],
};
const nodeCount = spec.nodes.length;

/** Nearest-rank percentile of `values` (0 < p ≤ 100). */
function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const median = (values: number[]) => percentile(values, 50);
const ms = (value: number) => `${value.toFixed(1)} ms`;

interface Timed {
  runId: string;
  /** From calling startRun to the Temporal result. */
  totalMs: number;
  /** The part spent in startRun (validation, the run row, starting the execution). */
  startMs: number;
}

async function oneRun({ services, owner }: StandaloneStack, workflowId: string): Promise<Timed> {
  const t0 = performance.now();
  const run = await startRun(services, owner, { workflowId, input: { amount: 60 }, trigger: 'manual' });
  const t1 = performance.now();
  const result = (await services.temporal.client.workflow.getHandle(run.temporalWorkflowId!).result()) as RunSpecResult;
  const t2 = performance.now();
  if (result.outcome !== 'success' || Object.values(result.nodes).some((outcome) => outcome !== 'success')) {
    throw new Error(`run ${run.id} did not succeed: ${JSON.stringify(result)}`);
  }
  return { runId: run.id, totalMs: t2 - t0, startMs: t1 - t0 };
}

async function main() {
  const opts = options();
  const began = performance.now();
  const log = (message: string) => console.error(message);
  const report = await withStandaloneStack({ label: 'bench', log }, async (stack) => {
    const setupMs = performance.now() - began;
    const { services, owner } = stack;
    const workflow = await services.models.Workflow.create({
      ownerId: owner.id,
      name: 'bench: transform → condition → transform',
      specJson: spec,
      llmPromptVersion: null,
      status: 'active',
    });

    log(`[bench] warming up with ${opts.warmup} run(s)`);
    for (let i = 0; i < opts.warmup; i++) await oneRun(stack, workflow.id);

    log(`[bench] ${opts.runs} sequential run(s)`);
    const sequential: Timed[] = [];
    for (let i = 0; i < opts.runs; i++) sequential.push(await oneRun(stack, workflow.id));

    log(`[bench] ${opts.rounds} round(s) of ${opts.concurrency} concurrent runs`);
    const rounds: Array<{ seconds: number; runs: Timed[] }> = [];
    for (let r = 0; r < opts.rounds; r++) {
      const t0 = performance.now();
      const runs = await Promise.all(Array.from({ length: opts.concurrency }, () => oneRun(stack, workflow.id)));
      rounds.push({ seconds: (performance.now() - t0) / 1000, runs });
    }

    // What the database recorded for the sequential runs: each task's and each run's own duration.
    const runIds = sequential.map((t) => t.runId);
    const tasks = await services.models.Task.findAll({ where: { workflowRunId: runIds } });
    const taskMs = (nodeId?: string) =>
      tasks
        .filter((t) => (nodeId === undefined || t.nodeId === nodeId) && t.startedAt && t.finishedAt)
        .map((t) => t.finishedAt!.getTime() - t.startedAt!.getTime());
    const runRows = await services.models.WorkflowRun.findAll({ where: { id: runIds } });
    const runRowMs = runRows
      .filter((r) => r.startedAt && r.finishedAt)
      .map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime());

    const latencies = sequential.map((t) => t.totalMs);
    const rps = rounds.map((r) => opts.concurrency / r.seconds);
    const loaded = rounds.flatMap((r) => r.runs.map((t) => t.totalMs));
    const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
    const header = [
      `Workflow: ${nodeCount} nodes (transform → condition → transform), no network; each run is 5 activities`,
      `  (startRun, ${nodeCount} × executeNode, finishRun) and their workflow tasks.`,
      `Machine: ${availableParallelism()} cores (${cpuModel}), Node ${process.version}, ${process.platform} ${process.arch}`,
      `Stack: PostgreSQL ${stack.source.postgres}, Temporal ${stack.source.temporal}, worker in this process;`,
      `  runs started with startRun (as the API does), results awaited through the Temporal client.`,
      `Setup ${(setupMs / 1000).toFixed(1)} s; warm-up ${opts.warmup} run(s).`,
    ].join('\n');
    const latencyTable = table(`Latency: ${opts.runs} sequential runs, start to Temporal result`, [
      ['median', ms(median(latencies))],
      ['p90', ms(percentile(latencies, 90))],
      ['min / max', `${ms(Math.min(...latencies))} / ${ms(Math.max(...latencies))}`],
      ['median in startRun (row + Temporal start)', ms(median(sequential.map((t) => t.startMs)))],
      ['median run row started_at → finished_at', ms(median(runRowMs))],
    ]);
    const throughputTable = table(`Throughput: ${opts.rounds} round(s) of ${opts.concurrency} runs started at once`, [
      ['runs per second (median of rounds)', median(rps).toFixed(1)],
      ['runs per second, each round', rps.map((v) => v.toFixed(1)).join(', ')],
      ['run latency under load, median', ms(median(loaded))],
      ['run latency under load, p90', ms(percentile(loaded, 90))],
    ]);
    const nodeTable = table('Per-node overhead (sequential runs)', [
      [`median run latency / ${nodeCount} nodes`, ms(median(latencies) / nodeCount)],
      ['median task started_at → finished_at, all nodes', ms(median(taskMs()))],
      ...spec.nodes.map((n): [string, string] => [`  median for ${n.id} (${n.type})`, ms(median(taskMs(n.id)))]),
    ]);
    return [header, latencyTable, throughputTable, nodeTable].join('\n\n');
  });
  console.log(`\n${report}\n\nTotal ${((performance.now() - began) / 1000).toFixed(1)} s, cleanup included.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
