// Seeds a new database for `npm run bench:api -- --database URL`, so repeated bench runs skip the
// seeding: `DATABASE_URL=postgres://…/postgres tsx testing/bench/seed-scale.cli.ts [runs]`. The
// database is created beside DATABASE_URL's (never that one), kept, and its URL printed.
import { scaleShape } from './scale-shape';
import { freshScaleDatabase } from './scale-database';

async function main() {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('Set DATABASE_URL to the server to create the scale database on.');
  const runs = Number(process.argv[2] ?? scaleShape.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('runs must be a whole number ≥ 1');
  const database = await freshScaleDatabase({ adminUrl, runs, keep: true, log: (m) => console.error(m) });
  console.log(database.url);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
