import { QueryTypes } from 'sequelize';
import type { AppServices } from '../app-services';
import type { User } from '../../core/db/models';
import type { TaskStatus } from '../../core/db/enums';
import { AppError } from '../../core/errors/app-error';
import type { TaskLogs } from '../../core/run/task-logs';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { findAccessibleRun } from './run-access';
import type { TestPreview } from './test-preview.dto';

/** Rows a preview lists; a long loop's later items are counted but not listed. */
const MAX_LISTED = 500;

const baseId = (key: string) => key.split('[', 1)[0]!;

/**
 * What a real run of a test run's spec would do (decision 0011), from its task rows: each node's
 * effect (the request, email, rows or prompt it rendered), the branch it took, where its output came
 * from, the templates that rendered empty, and its error; a loop's items' own rows are left out, their
 * body nodes' rows are listed. Counts cover every row.
 */
export async function getTestPreview(
  { models }: Pick<AppServices, 'models'>,
  user: User,
  runId: string,
): Promise<TestPreview> {
  const run = await findAccessibleRun(models, user, runId);
  if (run.runTrigger !== 'test')
    throw new AppError('BAD_REQUEST', 'This is a real run, not a test run: its page shows what it did.');
  const nodes = new Map(((run.specSnapshot as WorkflowSpec | null)?.nodes ?? []).map((n) => [n.id, n]));
  const sequelize = models.Task.sequelize!;
  const rows = await sequelize.query<{ key: string; status: TaskStatus; logs: TaskLogs }>(
    `SELECT node_id AS key, task_status AS status,
            jsonb_build_object('effect', logs -> 'effect', 'sample', logs -> 'sample', 'branch', logs -> 'branch',
                               'emptyTemplates', logs -> 'emptyTemplates', 'error', logs -> 'error') AS logs
       FROM tasks WHERE workflow_run_id = :runId
      ORDER BY started_at NULLS LAST, node_id LIMIT :take`,
    { replacements: { runId, take: MAX_LISTED + 1 }, type: QueryTypes.SELECT },
  );
  const [counts] = await sequelize.query<TestPreview['counts']>(
    `SELECT count(*) FILTER (WHERE logs -> 'effect' ->> 'kind' = 'http_request')::int AS requests,
            count(*) FILTER (WHERE logs -> 'effect' ->> 'kind' = 'send_email')::int AS emails,
            coalesce(sum(jsonb_array_length(logs -> 'effect' -> 'rows'))
              FILTER (WHERE logs -> 'effect' ->> 'operation' = 'append'), 0)::int AS "rowsAppended",
            count(*) FILTER (WHERE logs -> 'effect' ->> 'kind' = 'llm')::int AS prompts,
            count(*) FILTER (WHERE jsonb_array_length(coalesce(logs -> 'emptyTemplates', '[]')) > 0)::int
              AS "emptyTemplateNodes",
            count(*) FILTER (WHERE task_status = 'failed' AND node_id NOT LIKE '%]')::int AS "failedNodes"
       FROM tasks WHERE workflow_run_id = :runId`,
    { replacements: { runId }, type: QueryTypes.SELECT },
  );
  const listed = rows
    .slice(0, MAX_LISTED)
    // A loop's item rows (`each[3]`) are items, not nodes: their body nodes' rows tell what each did.
    .filter(({ key }) => !(key.includes('[') && nodes.get(baseId(key))?.type === 'for_each'))
    .map(({ key, status, logs }) => {
      const node = nodes.get(baseId(key));
      return {
        key,
        nodeId: baseId(key),
        name: node?.name ?? baseId(key),
        type: node?.type ?? 'unknown',
        status,
        branch: logs.branch ?? null,
        effect: logs.effect ?? null,
        sample: logs.sample ?? null,
        emptyTemplates: logs.emptyTemplates ?? [],
        error: logs.error?.message ?? null,
        errorType: logs.error?.type ?? null,
      };
    });
  return { runId, status: run.runStatus, nodes: listed, truncated: rows.length > MAX_LISTED, counts: counts! };
}
