import { parseArgs } from 'node:util';
import { wholeNumberOption } from '../whole-number-option';
import { scaleShape } from './scale-shape';

export const usage = `usage: npm run bench:api -- [options]
Runs the list and get procedures over real HTTP against ${scaleShape.runs.toLocaleString('en')} seeded runs and 5 tasks
each, and explains the SQL each issues:
  --database URL   a database seeded before (testing/bench/seed-scale.cli.ts): no seeding, not dropped
  --runs N         runs to seed in a fresh database (default ${scaleShape.runs}); 5 tasks each
  --keep           keep the fresh database and print its URL, for --database next time
  --calls N        timed calls of each procedure (default 200)
  --warmup W       calls of each before timing, not counted (default 20)
A fresh database is created on DATABASE_URL's server (an embedded PostgreSQL when unset).`;

export type ApiBenchOptions = ReturnType<typeof apiBenchOptions>;

export function apiBenchOptions(args = process.argv.slice(2)) {
  const { values } = parseArgs({
    args,
    options: {
      database: { type: 'string' },
      runs: { type: 'string', default: String(scaleShape.runs) },
      keep: { type: 'boolean', default: false },
      calls: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const whole = (name: 'runs' | 'calls' | 'warmup', min: number, max: number) =>
    wholeNumberOption(name, values[name], min, max, usage);
  return {
    database: values.database ?? null,
    runs: whole('runs', 100, 10_000_000),
    keep: values.keep,
    calls: whole('calls', 1, 100_000),
    warmup: whole('warmup', 0, 10_000),
  };
}
