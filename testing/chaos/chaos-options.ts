import { parseArgs } from 'node:util';
import { wholeNumberOption } from '../whole-number-option';

const usage = `usage: npm run chaos -- [--runs N] [--kills K] [--seed S] [--outage S] [--delay D] [--hold MS] [--settle S]
  --runs N    runs in all, spread over the K + 2 disruptions (default 30)
  --kills K   worker SIGKILLs before the PostgreSQL and Temporal restarts (default 3)
  --seed S    seed of the random kill points (default 1)
  --outage S  seconds PostgreSQL and Temporal stay down when restarted (default 5)
  --delay D   seconds of the durable wait in each run (default 2)
  --hold MS   milliseconds the loopback server holds each call (default 300)
  --settle S  seconds runs may take to finish after the last disruption (default 120)`;

/** The chaos run's command-line options, checked; `--help` prints the usage and exits. */
export function chaosOptions() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '30' },
      kills: { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      outage: { type: 'string', default: '5' },
      delay: { type: 'string', default: '2' },
      hold: { type: 'string', default: '300' },
      settle: { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const count = (name: Exclude<keyof typeof values, 'help'>, min: number, max: number) =>
    wholeNumberOption(name, values[name], min, max, usage);
  return {
    runs: count('runs', 1, 1000),
    kills: count('kills', 0, 100),
    seed: count('seed', 0, 2 ** 32 - 1),
    outage: count('outage', 0, 600),
    delay: count('delay', 1, 60),
    hold: count('hold', 0, 10_000),
    settle: count('settle', 10, 3600),
  };
}
