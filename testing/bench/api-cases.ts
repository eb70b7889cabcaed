import pg from 'pg';
import { encodeCursor } from '../../core/db/keyset-cursor';
import { scaleAccounts } from './scale-shape';

/** Who calls: the big owner, a small one (3% of the runs), a newcomer (none), the admin (all). */
export type Caller = 'owner' | 'smallOwner' | 'newcomer' | 'admin';

/** One procedure with the inputs its timed calls cycle through. */
export interface ApiCase {
  name: string;
  caller: Caller;
  path: 'runs.list' | 'runs.get' | 'workflows.list';
  inputs: unknown[];
}

const PAGE = 25; // as the runs and workflows pages ask

/** Deterministic draws, so that repeated runs of the bench ask for the same pages. */
function draws(seed: number) {
  let state = seed % 2_147_483_647 || 1;
  return (below: number) => {
    state = (state * 48_271) % 2_147_483_647; // Park–Miller: exact in doubles
    return Math.floor((state / 2_147_483_647) * below);
  };
}

/** The runs a caller sees, as the runs list filters them (owner's email, status; null for all). */
const visibleRuns = (email: string | null, status: string | null) => ({
  sql: `FROM workflow_runs r JOIN workflows w ON w.id = r.workflow_id JOIN users u ON u.id = w.owner_id
        WHERE ($1::text IS NULL OR u.email = $1) AND ($2::text IS NULL OR r.run_status = $2)`,
  params: [email, status],
});

/**
 * Cursors of pages at `count` random depths of a caller's (filtered) runs list: each is the
 * keyset of the row just before the page, as the API would have handed it out.
 */
async function deepCursors(client: pg.Client, email: string | null, status: string | null, count: number) {
  const { sql, params } = visibleRuns(email, status);
  const total = Number((await client.query(`SELECT count(*) AS n ${sql}`, params)).rows[0].n);
  const pick = draws(total);
  const ranks = Array.from({ length: count }, () => 1 + pick(total));
  const { rows } = await client.query<{ created_at: Date; id: string; rn: string }>(
    `SELECT created_at, id, rn FROM (
       SELECT r.created_at, r.id, row_number() OVER (ORDER BY r.created_at DESC, r.id DESC) AS rn ${sql}
     ) AS ranked WHERE rn = ANY($3::bigint[])`,
    [...params, ranks],
  );
  const byRank = new Map(rows.map((row) => [Number(row.rn), encodeCursor({ at: row.created_at, id: row.id })]));
  return ranks.map((rank) => byRank.get(rank)!);
}

async function sampleRunIds(client: pg.Client, email: string | null, count: number) {
  const { sql, params } = visibleRuns(email, null);
  const { rows } = await client.query<{ id: string }>(
    `SELECT r.id ${sql} ORDER BY md5(r.id::text) LIMIT $3`, // a spread that is not the newest runs
    [...params, count],
  );
  return rows.map((row) => row.id);
}

/** The procedures the runs and workflows pages call, with the filters and depths the UI reaches. */
export async function apiCases(url: string, count: number): Promise<ApiCase[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const owner = scaleAccounts.bigOwner;
    const workflows = (
      await client.query<{ id: string }>(
        'SELECT w.id FROM workflows w JOIN users u ON u.id = w.owner_id WHERE u.email = $1 ORDER BY w.name',
        [owner],
      )
    ).rows.map((row) => row.id);
    const pick = draws(7);
    const someWorkflow = () => workflows[pick(workflows.length)]!;
    const each = <T>(make: (i: number) => T) => Array.from({ length: count }, (_, i) => make(i));
    const page = (filters: object) => each(() => ({ ...filters, limit: PAGE }));
    const deep = (cursors: string[], filters: object = {}) =>
      cursors.map((cursor) => ({ ...filters, cursor, limit: PAGE }));
    return [
      { name: 'runs.list, first page', caller: 'owner', path: 'runs.list', inputs: page({}) },
      { name: 'runs.list, first page (admin)', caller: 'admin', path: 'runs.list', inputs: page({}) },
      { name: 'runs.list, first page (small owner)', caller: 'smallOwner', path: 'runs.list', inputs: page({}) },
      { name: 'runs.list, first page (newcomer)', caller: 'newcomer', path: 'runs.list', inputs: page({}) },
      { name: 'runs.list, status failed', caller: 'owner', path: 'runs.list', inputs: page({ status: 'failed' }) },
      {
        name: 'runs.list, status running (rare)',
        caller: 'owner',
        path: 'runs.list',
        inputs: page({ status: 'running' }),
      },
      {
        name: 'runs.list, by workflow',
        caller: 'owner',
        path: 'runs.list',
        inputs: each(() => ({ workflowId: someWorkflow(), limit: PAGE })),
      },
      {
        name: 'runs.list, by workflow + failed',
        caller: 'owner',
        path: 'runs.list',
        inputs: each(() => ({ workflowId: someWorkflow(), status: 'failed', limit: PAGE })),
      },
      {
        name: 'runs.list, deep page (cursor)',
        caller: 'owner',
        path: 'runs.list',
        inputs: deep(await deepCursors(client, owner, null, count)),
      },
      {
        name: 'runs.list, deep page (admin)',
        caller: 'admin',
        path: 'runs.list',
        inputs: deep(await deepCursors(client, null, null, count)),
      },
      {
        name: 'runs.list, failed, deep page',
        caller: 'owner',
        path: 'runs.list',
        inputs: deep(await deepCursors(client, owner, 'failed', count), { status: 'failed' }),
      },
      {
        name: 'runs.get, random run',
        caller: 'owner',
        path: 'runs.get',
        inputs: (await sampleRunIds(client, owner, count)).map((runId) => ({ runId })),
      },
      {
        name: 'runs.get, random run (admin)',
        caller: 'admin',
        path: 'runs.get',
        inputs: (await sampleRunIds(client, null, count)).map((runId) => ({ runId })),
      },
      { name: 'workflows.list, first page', caller: 'owner', path: 'workflows.list', inputs: page({}) },
      {
        name: 'workflows.list, 100 (runs filter menu)',
        caller: 'owner',
        path: 'workflows.list',
        inputs: each(() => ({ limit: 100 })),
      },
      {
        name: 'workflows.list, active + search',
        caller: 'owner',
        path: 'workflows.list',
        inputs: page({ status: 'active', search: 'digest' }),
      },
      { name: 'workflows.list, first page (admin)', caller: 'admin', path: 'workflows.list', inputs: page({}) },
    ];
  } finally {
    await client.end();
  }
}
