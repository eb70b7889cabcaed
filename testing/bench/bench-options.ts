import { parseArgs } from 'node:util';
import { wholeNumberOption } from '../whole-number-option';

export const usage = `usage: npm run bench -- [options]
The webhook shape (webhook → http_request to a loopback server → transform), through the real API:
  --callers LIST   closed-loop caller counts, comma-separated (default 1,10); each caller sends its
                   next signed delivery once its run has finished
  --per-caller K   runs each caller sends in a closed-loop round (default 20)
  --rates LIST     open-loop deliveries per second, sent without waiting, one round per rate,
                   comma-separated (default 15,30,45,60; 0 skips the open loop)
  --seconds T      open-loop duration (default 10)
  --sample S       runs whose tasks and Temporal history make the node-time breakdown (default 10)
  --pairs P        pairs of rounds, product and floor alternating, each pair a product ÷ floor
                   ratio that the machine's drift falls on evenly: one caller's latency
                   (K runs a round), then the most callers' throughput (default 3; 0 skips)
The 3-node shape (transform → condition → transform), started with startRun:
  --runs N         sequential runs measured for latency (default 30)
  --concurrency M  runs started at once in each throughput round (default 50)
  --rounds R       throughput rounds; the median is reported (default 3)
Both:
  --warmup W       runs before measuring each shape and the floor, 10 at a time, not counted
                   (default 300: a process's JIT warms over its first few hundred runs)
  --memory         Temporal dev server in memory instead of its SQLite file (as npm run dev runs it)
  --worker-process the production worker in its own process and runs queued for it, as with
                   API_WORKER=false, instead of the API's own worker (in this process, beside the
                   API) taking each run it starts eagerly, as the API does by default`;

export type BenchOptions = ReturnType<typeof benchOptions>;

export function benchOptions(args = process.argv.slice(2)) {
  const { values } = parseArgs({
    args,
    options: {
      callers: { type: 'string', default: '1,10' },
      'per-caller': { type: 'string', default: '20' },
      rates: { type: 'string', default: '15,30,45,60' },
      seconds: { type: 'string', default: '10' },
      sample: { type: 'string', default: '10' },
      pairs: { type: 'string', default: '3' },
      runs: { type: 'string', default: '30' },
      concurrency: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '300' },
      memory: { type: 'boolean', default: false },
      'worker-process': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const whole = (name: string, text: string, min: number, max: number) =>
    wholeNumberOption(name, text, min, max, usage);
  const count = (name: keyof typeof values & string, min: number, max: number) =>
    whole(name, String(values[name]), min, max);
  return {
    callers: values.callers.split(',').map((part) => whole('callers', part.trim(), 1, 200)),
    perCaller: count('per-caller', 1, 10_000),
    rates: values.rates
      .split(',')
      .map((part) => whole('rates', part.trim(), 0, 1000))
      .filter((rate) => rate > 0),
    seconds: count('seconds', 1, 3600),
    sample: count('sample', 1, 1000),
    pairs: count('pairs', 0, 100),
    runs: count('runs', 1, 10_000),
    concurrency: count('concurrency', 1, 1000),
    rounds: count('rounds', 1, 100),
    warmup: count('warmup', 0, 10_000),
    durableTemporal: !values.memory,
    workerProcess: values['worker-process'],
  };
}
