import { performance } from 'node:perf_hooks';
import { startRun } from '../../server/runs/runs.service';
import type { RunSpecResult } from '../../core/run/run-contract';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { table } from '../report-table';
import type { StandaloneStack } from '../standalone-stack';
import type { BenchOptions } from './bench-options';
import { warmUp, warmUpCallers } from './warm-up';
import { median, ms, percentile } from './stats';
import { sideBySide } from './side-by-side';

// The 3-node shape without network (transform → condition → transform), started with startRun as
// the API's runs.start does and awaited through the Temporal client: latency, runs started at
// once, and per-node overhead from the task rows.

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

/** Runs the 3-node section and returns its report. */
export async function threeNodeBench(stack: StandaloneStack, opts: BenchOptions, log: (m: string) => void) {
  const { services, owner } = stack;
  const workflow = await services.models.Workflow.create({
    ownerId: owner.id,
    name: 'bench: transform → condition → transform',
    specJson: spec,
    llmPromptVersion: null,
    status: 'active',
  });

  log(`[bench] 3-node: warming up with ${opts.warmup} run(s), ${warmUpCallers} at a time`);
  await warmUp(opts.warmup, () => oneRun(stack, workflow.id));

  log(`[bench] 3-node: ${opts.runs} sequential run(s)`);
  const sequential: Timed[] = [];
  for (let i = 0; i < opts.runs; i++) sequential.push(await oneRun(stack, workflow.id));

  log(`[bench] 3-node: ${opts.rounds} round(s) of ${opts.concurrency} concurrent runs`);
  const rounds: Array<{ seconds: number; runs: Timed[] }> = [];
  for (let r = 0; r < opts.rounds; r++) {
    const t0 = performance.now();
    const runs: Timed[] = [];
    await sideBySide(opts.concurrency, async () => void runs.push(await oneRun(stack, workflow.id)));
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
  const title = `3-node shape: transform → condition → transform, no network, started with startRun`;
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
  return [title, latencyTable, throughputTable, nodeTable].join('\n\n');
}
