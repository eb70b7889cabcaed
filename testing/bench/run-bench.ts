// `npm run bench`: the product's speed next to Temporal's own floor, on the embedded stack (an
// embedded PostgreSQL and the official Temporal dev server with its SQLite file, as `npm run dev`
// runs it, on free ports; or DATABASE_URL's server, on a fresh database it drops afterwards, and
// TEMPORAL_ADDRESS). The API (the real Hono app on loopback HTTP) runs in this process with its own
// worker, every run started eagerly on it, as server/main.ts runs them (or, with
// `--worker-process`, the production worker in its own process, as with API_WORKER=false). Sections:
//   1. the webhook shape (webhook → http_request to a loopback server → transform) through signed
//      deliveries to POST /hooks/:id: callers waiting for their runs (`?wait=`), and open-loop rates;
//   2. where one run's time goes, from task rows and Temporal histories;
//   3. Temporal's floor: workflows of as many no-op activities (and local activities) as one run,
//      and the product in rounds alternating with the floor's (one caller's latency, the most
//      callers' throughput);
//   4. the 3-node shape (transform → condition → transform) started with startRun.
// Not a test. `npm run bench -- --help` for the knobs.
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { table } from '../report-table';
import { serveApi } from '../serve-api';
import { withStandaloneStack } from '../standalone-stack';
import { spawnWorkerProcess } from '../worker-process';
import { stopProcess } from '../../server/dev/child-process';
import type { AppConfig } from '../../core/config/env.schema';
import { benchOptions } from './bench-options';
import { breakdownRows, nodeBreakdown } from './node-breakdown';
import { floorTable } from './floor-table';
import { pairedLatencySection, pairedThroughputSection } from './paired-rounds';
import { measureFloor, startFloor } from './temporal-floor';
import { threeNodeBench } from './three-node-bench';
import { closedLoopSection, openLoopSection, type ClosedLoopFigures } from './webhook-bench';
import { startTarget, webhookWorkflow } from './webhook-shape';
import { deliverAndWait } from './webhook-load';
import { ms } from './stats';
import { warmUp, warmUpCallers } from './warm-up';

/** The production worker as its own process, once it polls; answers how to stop it. */
async function workerProcess(config: AppConfig): Promise<() => Promise<void>> {
  const worker = spawnWorkerProcess(config);
  const stop = () => stopProcess(worker.child);
  await worker.ready.catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return stop;
}

async function main() {
  const opts = benchOptions();
  const began = performance.now();
  const log = (message: string) => console.error(message);
  const report = await withStandaloneStack(
    {
      label: 'bench',
      log,
      durableTemporal: opts.durableTemporal,
      worker: !opts.workerProcess,
      eagerStart: !opts.workerProcess,
    },
    async (stack) => {
      // With `--worker-process`, the production worker in its own process; otherwise the stack's, in
      // this one (the stack stops that one).
      const stopWorker = opts.workerProcess ? await workerProcess(stack.services.config) : async () => undefined;
      const setupMs = performance.now() - began;
      const api = await serveApi(stack.services);
      const target = await startTarget();
      try {
        const shape = await webhookWorkflow(stack, api.baseUrl, target.url);
        log(`[bench] webhook: warming up with ${opts.warmup} run(s), ${warmUpCallers} at a time`);
        await warmUp(opts.warmup, () => deliverAndWait(shape));

        const sections: string[] = [];
        const loops: ClosedLoopFigures[] = [];
        for (const callers of opts.callers) {
          log(`[bench] webhook: ${callers} caller(s) × ${opts.perCaller} run(s)`);
          const { text, figures } = await closedLoopSection(stack, shape, callers, opts);
          sections.push(text);
          loops.push(figures);
        }
        for (const rate of opts.rates) {
          log(`[bench] webhook: open loop, ${rate}/s for ${opts.seconds} s`);
          sections.push(await openLoopSection(stack, shape, rate, opts));
        }

        log(`[bench] breakdown of ${opts.sample} run(s)`);
        const sampleFrom = loops.find((l) => l.callers === 1) ?? loops[0]!;
        const breakdown = await nodeBreakdown(stack, sampleFrom.runIds.slice(0, opts.sample), shape.workflow.specJson);
        sections.push(
          table(`Where one run's time goes: medians over ${opts.sample} run(s) of ${sampleFrom.callers} caller(s)`, [
            ...breakdownRows(breakdown),
            [
              `overhead per node ((end to end − work) / ${shape.workflow.specJson.nodes.length})`,
              ms(breakdown.overheadPerNode),
            ],
          ]),
        );

        const busiest = loops.reduce((a, b) => (b.callers > a.callers ? b : a));
        log(`[bench] Temporal floor: ${breakdown.activities} no-op activities a workflow`);
        const floor = await startFloor(stack.services, breakdown.activities);
        try {
          const figures = await measureFloor(floor, {
            callers: busiest.callers,
            perCaller: opts.perCaller,
            sequential: opts.perCaller,
            warmup: opts.warmup,
          });
          sections.push(floorTable(breakdown, sampleFrom, busiest, figures));
          if (opts.pairs > 0) {
            log(`[bench] ${opts.pairs} pair(s) of rounds, product and floor alternating`);
            sections.push(
              await pairedLatencySection(stack, shape, floor, { runs: opts.perCaller, pairs: opts.pairs }),
              await pairedThroughputSection(stack, shape, floor, {
                callers: busiest.callers,
                perCaller: opts.perCaller,
                pairs: opts.pairs,
              }),
            );
          }
        } finally {
          await floor.stop();
        }

        sections.push(await threeNodeBench(stack, opts, log));
        const header = [
          `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform} ${process.arch}`,
          `Stack: PostgreSQL ${stack.source.postgres}, Temporal ${stack.source.temporal}${stack.source.temporal === 'embedded dev server' ? (opts.durableTemporal ? ' with its SQLite file' : ' in memory') : ''};`,
          opts.workerProcess
            ? `  the API (real HTTP, loopback) in this process, the production worker in its own. Setup ${(setupMs / 1000).toFixed(1)} s.`
            : `  the API (real HTTP, loopback) and its worker in this process, runs started eagerly. Setup ${(setupMs / 1000).toFixed(1)} s.`,
          `Webhook shape: signed POST /hooks/:id → http_request (POST to a loopback server) → transform;`,
          `  latency is the run row's created_at (the webhook's arrival) → finished_at, from PostgreSQL.`,
        ].join('\n');
        return [header, ...sections].join('\n\n');
      } finally {
        await stopWorker();
        await target.close();
        await api.close();
      }
    },
  );
  console.log(`\n${report}\n\nTotal ${((performance.now() - began) / 1000).toFixed(1)} s, cleanup included.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
