// `npm run bench:api` (issue 12): the list and get procedures at scale. Seeds a fresh database
// (100,000 runs, 500,000 tasks; or reuses one given with --database), serves the real API on
// loopback HTTP in this process, signs in as the seeded big owner, a small owner and the admin,
// and times each procedure the runs and workflows pages call (p50/p95/p99 of sequential calls after
// a warm-up), then explains the SQL each issued (EXPLAIN ANALYZE, BUFFERS) to show the indexes
// it uses. Target: p99 ≤ 50 ms each. Not a test; `npm run bench:api -- --help` for the knobs.
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import pg from 'pg';
import { parseConfig } from '../../core/config/load-config';
import { closeAppServices, createAppServices } from '../../server/app-services';
import { serveApi } from '../serve-api';
import { quietAppLogs } from '../standalone-stack';
import { signInOverHttp } from '../trpc-http';
import { apiBenchOptions } from './api-bench-options';
import { apiCases, type Caller } from './api-cases';
import { timeCase } from './api-timing';
import { planRows } from './plan-rows';
import { captureSelects, explainAll } from './query-plans';
import { freshScaleDatabase, reuseScaleDatabase } from './scale-database';
import { scaleAccounts } from './scale-shape';
import { table } from '../report-table';
import { percentile, spread } from './stats';

const TARGET_P99_MS = 50;

const signIn = (baseUrl: string, email: string) => signInOverHttp(baseUrl, email, scaleAccounts.password);

async function describeData(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ runs: string; tasks: string; workflows: string; version: string }>(
      `SELECT (SELECT count(*) FROM workflow_runs) AS runs, (SELECT count(*) FROM tasks) AS tasks,
              (SELECT count(*) FROM workflows) AS workflows, current_setting('server_version') AS version`,
    );
    const row = rows[0]!;
    return `${Number(row.runs).toLocaleString('en')} runs, ${Number(row.tasks).toLocaleString('en')} tasks, ${row.workflows} workflows on PostgreSQL ${row.version}`;
  } finally {
    await client.end();
  }
}

async function main() {
  quietAppLogs();
  const opts = apiBenchOptions();
  const log = (message: string) => console.error(message);
  const database = opts.database
    ? await reuseScaleDatabase(opts.database)
    : await freshScaleDatabase({ adminUrl: process.env.DATABASE_URL, runs: opts.runs, keep: opts.keep, log });
  const services = createAppServices(
    parseConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      APP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    }),
  );
  const api = await serveApi(services);
  try {
    const cookies: Record<Caller, string> = {
      owner: await signIn(api.baseUrl, scaleAccounts.bigOwner),
      smallOwner: await signIn(api.baseUrl, scaleAccounts.smallOwners[0]),
      newcomer: await signIn(api.baseUrl, scaleAccounts.newcomer),
      admin: await signIn(api.baseUrl, scaleAccounts.admin),
    };
    const cases = await apiCases(database.url, opts.calls);
    const latency: Array<[string, string]> = [];
    const plans: Array<[string, string]> = [];
    const over: string[] = [];
    for (const apiCase of cases) {
      log(`[bench:api] ${apiCase.name}`);
      const call = timeCase(api.baseUrl, apiCase, cookies[apiCase.caller]);
      for (let i = 0; i < opts.warmup; i++) await call(i);
      const times: number[] = [];
      for (let i = 0; i < opts.calls; i++) times.push(await call(i));
      latency.push([apiCase.name, spread(times)]);
      if (percentile(times, 99) > TARGET_P99_MS) over.push(apiCase.name);
      const queries = await captureSelects(services.sequelize, () => call(0));
      plans.push(...planRows(apiCase.name, await explainAll(database.url, queries), plans.length === 0));
    }
    console.log(
      [
        `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`,
        `Data: ${await describeData(database.url)}; the API on loopback HTTP in this process.`,
        `Each: ${opts.calls} sequential calls after ${opts.warmup} of warm-up; pages of 25 unless said.`,
        '',
        table('Latency over HTTP, p50 / p95 / p99', latency),
        '',
        table("Plans of each procedure's SELECTs (EXPLAIN ANALYZE of one call)", plans),
        '',
        over.length === 0
          ? `Every procedure met p99 ≤ ${TARGET_P99_MS} ms.`
          : `Over p99 ${TARGET_P99_MS} ms: ${over.join('; ')}.`,
        opts.keep && !opts.database ? `Kept the database: --database ${database.url}` : '',
      ].join('\n'),
    );
  } finally {
    await api.close();
    await closeAppServices(services);
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
