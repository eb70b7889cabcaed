// `npm run chaos`: a bounded, repeatable reliability run on the embedded stack (an embedded
// PostgreSQL and a Temporal dev server keeping its state in a SQLite file), with the production
// worker as a process of its own. Runs of HTTP call → durable wait → HTTP call (against a loopback
// server that counts calls) are started in batches; after each batch, at a seeded random point,
// one disruption: the worker is SIGKILLed (K times; the next one starts at once), then PostgreSQL
// is stopped and started again after an outage, then the Temporal server likewise. Reports runs
// completed, lost and stuck, duplicated calls per node, and how long each disruption took to
// recover from. The seed fixes the kill points; what is in flight at each still varies a little
// with the machine's speed. Not a test, but it exits 1 when a run was lost or stuck.
//
//   npm run chaos -- --runs 30 --kills 3 --seed 1 --outage 5
import { performance } from 'node:perf_hooks';
import { startRun } from '../../server/runs/runs.service';
import { table } from '../report-table';
import { withStandaloneStack, type StandaloneStack } from '../standalone-stack';
import { chaosOptions } from './chaos-options';
import { chaosSpec, countCalls, nextNodeCompletion, startCounterServer } from './chaos-workload';
import { runOutcomes } from './run-outcomes';
import { seededRandom } from './seeded-random';
import { superviseWorker } from './worker-supervisor';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

type Services = StandaloneStack['services'];
type Worker = ReturnType<typeof superviseWorker>;

/** Runs one disruption; the row says how long it took until a node of some run completed again. */
async function disrupt(
  { what, act }: { what: string; act: () => Promise<void> },
  services: Services,
  worker: Worker,
  settleMs: number,
): Promise<[string, string]> {
  const t0 = performance.now();
  await act();
  const back = new Date();
  const downMs = performance.now() - t0;
  // A kill is over at once, but the next worker takes a while to poll: say how long.
  const [done, readyMs] = await Promise.all([
    nextNodeCompletion(services, back, settleMs),
    worker.ready().then(() => performance.now() - t0),
  ]);
  const detail = readyMs > downMs + 100 ? `next worker ready in ${seconds(readyMs)}` : `down ${seconds(downMs)}`;
  if (done instanceof Date) return [`${what} (${detail})`, seconds(downMs + done.getTime() - back.getTime())];
  return [`${what} (${detail})`, done === 'idle' ? 'no run left in flight' : `none in ${seconds(settleMs)}`];
}

async function main() {
  const opts = chaosOptions();
  const random = seededRandom(opts.seed);
  const log = (message: string) => console.error(message);
  const began = performance.now();
  const { report, healthy } = await withStandaloneStack(
    { label: 'chaos', log, env: {}, worker: false, durableTemporal: true },
    async (stack) => {
      const { services, owner } = stack;
      const counter = await startCounterServer(opts.hold);
      const worker = superviseWorker(services.config, log);
      try {
        await worker.ready();
        const workflow = await services.models.Workflow.create({
          ownerId: owner.id,
          name: 'chaos: call → wait → call',
          specJson: chaosSpec(counter.url, opts.delay),
          llmPromptVersion: null,
          status: 'active',
        });
        const disruptions = [
          ...Array.from({ length: opts.kills }, (_, i) => ({
            what: `worker SIGKILL ${i + 1}`,
            act: () => worker.kill(),
          })),
          { what: 'PostgreSQL restart', act: () => stack.restart.postgres!(opts.outage * 1000) },
          { what: 'Temporal server restart', act: () => stack.restart.temporal!(opts.outage * 1000) },
        ];
        const runs: Array<{ runId: string; workflowId: string }> = [];
        const recoveries: Array<[string, string]> = [];
        for (const [i, disruption] of disruptions.entries()) {
          // Batch i of the runs, then the disruption at a random point while they are under way.
          const batch = Math.floor(((i + 1) * opts.runs) / disruptions.length) - runs.length;
          const started = await Promise.all(
            Array.from({ length: batch }, (_, j) =>
              startRun(services, owner, {
                workflowId: workflow.id,
                input: { run: runs.length + j },
                trigger: 'manual',
              }),
            ),
          );
          runs.push(...started.map((r) => ({ runId: r.id, workflowId: r.temporalWorkflowId! })));
          // A point within the runs' own span (two calls and the wait), so they are still under way.
          const waitMs = Math.round(300 + random() * (opts.delay * 1000 + 2 * opts.hold));
          await new Promise((resolve) => setTimeout(resolve, waitMs));
          log(`[chaos] ${disruption.what}, ${seconds(waitMs)} after starting ${batch} run(s)`);
          recoveries.push(await disrupt(disruption, services, worker, opts.settle * 1000));
        }

        log(`[chaos] waiting up to ${opts.settle} s for the runs to finish`);
        const outcomes = await runOutcomes(services, runs, opts.settle * 1000);
        const nodes = ['fetch', 'notify'].map((id): [string, string] => {
          const { calls, duplicated } = countCalls(counter, id);
          return [`${id} (http_request): calls / duplicated`, `${calls} / ${duplicated}`];
        });
        const report = [
          [
            `Chaos: ${opts.runs} runs (http_request → delay ${opts.delay} s → http_request, calls held ${opts.hold} ms),`,
            `  ${opts.kills} worker kill(s), then PostgreSQL and the Temporal server each down ${opts.outage} s; seed ${opts.seed}.`,
          ].join('\n'),
          table('Runs', [
            ['completed', String(outcomes.completed)],
            ['lost (ended without success, or gone)', String(outcomes.lost.length)],
            ['stuck (not finished, or rows left unfinished)', String(outcomes.stuck.length)],
            ['worker exits on its own', String(worker.unexpectedExits.length)],
          ]),
          table('Duplicated node executions', [
            ...nodes,
            ['delay: a durable timer, no activity', '-'],
            ['node attempts beyond the first (tasks)', String(outcomes.extraAttempts)],
          ]),
          table('Recovery: disruption start to the next node completing', recoveries),
          [...outcomes.lost, ...outcomes.stuck, ...worker.unexpectedExits].join('\n'),
        ].join('\n\n');
        return { report, healthy: outcomes.lost.length + outcomes.stuck.length === 0 };
      } finally {
        await worker.stop();
        await counter.close();
      }
    },
  );
  console.log(`\n${report.trimEnd()}\n\nTotal ${seconds(performance.now() - began)}, setup and cleanup included.`);
  // A lost or stuck run fails the command, so a script or CI job running it can tell.
  return healthy;
}

main().then(
  (healthy) => process.exit(healthy ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
