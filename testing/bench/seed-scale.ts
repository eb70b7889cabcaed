import type pg from 'pg';
import { hashPassword } from '../../core/auth/password';
import { scaleAccounts, scaleShape, scaleSpec } from './scale-shape';
import { runSummaryRows, taskPatternRows } from './scale-task-patterns';

// Set-based SQL (INSERT … SELECT over generate_series) so 100,000 runs and 500,000 tasks take
// seconds. setseed() makes the spread the same on every seeding, so runs of the bench compare.

const workflowNames = ['Invoice digest', 'Lead sync', 'Churn alert', 'Weekly report', 'Ticket triage'];

interface Owners {
  bigOwner: string;
  smallOwners: string[];
  newcomer: string;
}

async function insertUsers(client: pg.Client): Promise<Owners> {
  // One bcrypt hash for every account: hashing is slow, and the bench signs each in once.
  const password = await hashPassword(scaleAccounts.password);
  const add = async (email: string, role: 'admin' | 'member') =>
    (
      await client.query<{ id: string }>(
        'INSERT INTO users (name, email, password, role) VALUES ($1, $2, $3, $4) RETURNING id',
        [email.split('@')[0], email, password, role],
      )
    ).rows[0]!.id;
  const bigOwner = await add(scaleAccounts.bigOwner, 'member');
  const smallOwners = [];
  for (const email of scaleAccounts.smallOwners) smallOwners.push(await add(email, 'member'));
  const newcomer = await add(scaleAccounts.newcomer, 'member');
  await add(scaleAccounts.admin, 'admin');
  return { bigOwner, smallOwners, newcomer };
}

async function insertWorkflows(client: pg.Client, owners: Owners) {
  // Triggers cycle cron / webhook / manual; one in ten is archived, a few are drafts; each was
  // created over the months and changed since.
  await client.query(
    `INSERT INTO workflows (owner_id, name, description, spec_json, status, created_at, updated_at)
     SELECT CASE WHEN i <= $3 THEN $1::uuid WHEN i <= $3 + $8 THEN ($2::uuid[])[1 + i % cardinality($2::uuid[])]
                 ELSE $9::uuid END,
            ($4::text[])[1 + i % cardinality($4::text[])] || ' ' || i,
            'Seeded for the API scale bench',
            jsonb_set($5::jsonb, '{trigger}', CASE i % 3
              WHEN 0 THEN '{"type": "cron", "cron": "0 9 * * 1-5"}'::jsonb
              WHEN 1 THEN '{"type": "webhook"}'::jsonb
              ELSE '{"type": "manual"}'::jsonb END),
            CASE WHEN i % 10 = 0 THEN 'archived' WHEN i % 7 = 0 THEN 'draft' ELSE 'active' END,
            now() - make_interval(days => $6) + i * interval '1 hour',
            now() - (i % 60) * interval '1 day' - i * interval '1 minute'
       FROM generate_series(1, $7::int) AS i`,
    [
      owners.bigOwner,
      owners.smallOwners,
      scaleShape.bigOwnerWorkflows,
      workflowNames,
      JSON.stringify(scaleSpec),
      scaleShape.days + 30,
      scaleShape.workflows,
      scaleShape.smallOwnerWorkflows,
      owners.newcomer,
    ],
  );
  await client.query(
    `CREATE TEMP TABLE scale_workflows AS
       SELECT row_number() OVER (ORDER BY created_at) AS k, id, spec_json->'trigger'->>'type' AS trigger_type
         FROM workflows`,
  );
}

/**
 * The runs' plan, one row each, in temp tables so that every random draw is made once: n = 1 is
 * the newest; most runs go to the big owner's workflows, skewed so that a few of them are busy.
 */
async function planRuns(client: pg.Client, runs: number) {
  await client.query(
    `CREATE TEMP TABLE scale_draws AS
       SELECT n, random() AS owner_draw, random() AS workflow_draw, random() AS status_draw,
              random() AS trigger_draw, random() AS jitter_draw
         FROM generate_series(1, $1::int) AS n`,
    [runs],
  );
  await client.query(
    `CREATE TEMP TABLE scale_runs AS
       SELECT gen_random_uuid() AS id, d.n, w.id AS workflow_id, w.trigger_type, d.trigger_draw,
              CASE WHEN d.n <= $4 THEN 'pending' WHEN d.n <= $4 + $5 THEN 'running'
                   WHEN d.status_draw < 0.85 THEN 'success' WHEN d.status_draw < 0.97 THEN 'failed'
                   ELSE 'cancelled' END AS status,
              created_at,
              created_at + (50 + d.n % 950) * interval '1 millisecond' AS started_at,
              (200 + (d.n * 7919) % 30000) * interval '1 millisecond' AS duration
         FROM scale_draws d
         CROSS JOIN LATERAL (SELECT date_trunc('milliseconds',
                    now() - (d.n - 1) * make_interval(days => $6) / $7 - d.jitter_draw * interval '60 seconds')
                    AS created_at) AS t
         JOIN scale_workflows w ON w.k = CASE WHEN d.owner_draw < $1
                                           THEN 1 + floor($2 * d.workflow_draw ^ 2)::int
                                           ELSE $2 + 1 + floor($3 * d.workflow_draw)::int END`,
    [
      scaleShape.bigOwnerRunShare,
      scaleShape.bigOwnerWorkflows,
      scaleShape.smallOwnerWorkflows,
      scaleShape.pendingRuns,
      scaleShape.runningRuns,
      scaleShape.days,
      runs,
    ],
  );
}

async function insertRuns(client: pg.Client) {
  // Mostly what the workflow's trigger starts; some started by hand or re-run.
  await client.query(
    `INSERT INTO workflow_runs (id, workflow_id, run_status, run_trigger, input_payload, result_summary,
                                spec_snapshot, temporal_workflow_id, created_at, started_at, finished_at)
     SELECT r.id, r.workflow_id, r.status,
            CASE WHEN r.trigger_draw < 0.85
                 THEN CASE r.trigger_type WHEN 'cron' THEN 'schedule' WHEN 'webhook' THEN 'webhook' ELSE 'manual' END
                 WHEN r.trigger_draw < 0.95 THEN 'manual' ELSE 'rerun' END,
            jsonb_build_object('recipient', 'finance@acme.test', 'batch', r.n),
            s.summary || jsonb_build_object('durationMs', (extract(epoch FROM r.duration) * 1000)::int),
            $1::jsonb,
            'run-' || r.id,
            r.created_at,
            CASE WHEN r.status <> 'pending' THEN r.started_at END,
            CASE WHEN r.status NOT IN ('pending', 'running') THEN r.started_at + r.duration END
       FROM scale_runs r
       LEFT JOIN jsonb_to_recordset($2::jsonb) AS s(run_status text, summary jsonb) ON s.run_status = r.status`,
    [JSON.stringify(scaleSpec), JSON.stringify(runSummaryRows)],
  );
}

async function insertTasks(client: pg.Client) {
  // Five rows a run, by the pattern of its status; each node starts 100 ms after the one before.
  await client.query(
    `INSERT INTO tasks (workflow_run_id, node_id, task_status, attempt_count, logs, started_at, finished_at)
     SELECT r.id, p.node_id, p.task_status, p.attempts,
            jsonb_strip_nulls(jsonb_build_object(
              'entries', jsonb_build_array(jsonb_build_object(
                'at', to_char((r.started_at + p.pos * interval '100 milliseconds') AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'level', CASE WHEN p.error IS NULL THEN 'info' ELSE 'error' END,
                'message', p.message)),
              'output', p.output,
              'error', p.error)),
            CASE WHEN p.task_status NOT IN ('pending', 'skipped') THEN r.started_at + p.pos * interval '100 milliseconds' END,
            CASE WHEN p.task_status IN ('success', 'failed', 'cancelled')
                 THEN r.started_at + p.pos * interval '100 milliseconds' + interval '80 milliseconds' END
       FROM scale_runs r
       JOIN jsonb_to_recordset($1::jsonb)
         AS p(run_status text, pos int, node_id text, task_status text, attempts int, message text, output jsonb, error jsonb)
         ON p.run_status = r.status`,
    [JSON.stringify(taskPatternRows)],
  );
}

/**
 * Fills a freshly migrated database with the scale bench's owners, workflows, runs and tasks
 * (`runs` × the spec's five nodes), in one transaction, then vacuums and analyzes it as
 * autovacuum would have by then, so plans see its size and index-only scans its visibility map.
 */
export async function seedScale(client: pg.Client, runs: number = scaleShape.runs): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT setseed(0.12)');
    const owners = await insertUsers(client);
    await insertWorkflows(client, owners);
    await planRuns(client, runs);
    await insertRuns(client);
    await insertTasks(client);
    await client.query('DROP TABLE scale_draws, scale_runs, scale_workflows');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  await client.query('VACUUM ANALYZE');
}
