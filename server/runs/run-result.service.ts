import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { runHasEnded, runStatusSchema, type TaskStatus } from '../../core/db/enums';
import type { Models, WorkflowRun } from '../../core/db/models';
import { buildGraph, scopeNodes } from '../../core/spec/spec-graph';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import type { AppServices } from '../app-services';

// A run's result for a caller that started it and waits: an AI agent's tool call (the MCP server)
// or a webhook that answers with the run's result. Read from PostgreSQL, where the worker records
// every node's (bounded) output, never from Temporal's history.

/** Characters of JSON kept of the final node's output; a longer one comes back as a preview. */
export const MAX_RESULT_OUTPUT_CHARS = 64 * 1024;

export const runResultSchema = z.object({
  runId: z.uuid(),
  status: runStatusSchema,
  /** The node whose output `output` is (`finalNodeId`); null while the run goes on, or when none succeeded. */
  outputNodeId: z.string().nullable(),
  output: z.unknown(),
  /** The output is cut: `output` is `{ preview }`, its JSON text's first characters. */
  outputTruncated: z.boolean(),
  /** The nodes that failed, with their errors (a failure a node handled included). */
  failures: z.array(z.object({ nodeId: z.string(), error: z.string() })),
  /** What ended the run beyond a node's failure (its time limit, a start Temporal refused). */
  error: z.string().nullable(),
});
export type RunResult = z.infer<typeof runResultSchema>;

/** A top-level task as `finalNodeId` reads it. */
export interface EndedTask {
  nodeId: string;
  status: TaskStatus;
  finishedAt: Date | null;
}

/**
 * The run's final node: of the top-level nodes that succeeded and after which the run went no
 * further (none of their successors ran: a branch not taken, or no edge out at all), the one that
 * finished last. On a straight line it is the last node; after a condition, the end of the branch
 * taken; with parallel branches, the one that ended last; after a handled failure, the end of the
 * error route. Null when no node succeeded.
 */
export function finalNodeId(spec: Pick<WorkflowSpec, 'nodes' | 'edges'> | null, tasks: EndedTask[]): string | null {
  // The top level: a loop's body nodes are the loop's to tell (its output holds their results).
  const nodes = Array.isArray(spec?.nodes) ? scopeNodes(spec.nodes, null) : [];
  const { outgoing } = buildGraph(nodes, spec?.edges ?? []);
  const status = new Map(tasks.map((task) => [task.nodeId, task.status]));
  const ran = (id: string) => status.get(id) === 'success' || status.get(id) === 'failed';
  const ends = tasks.filter(
    (task) =>
      task.status === 'success' &&
      outgoing.has(task.nodeId) &&
      !outgoing.get(task.nodeId)!.some((edge) => ran(edge.to)),
  );
  ends.sort(
    (a, b) => (a.finishedAt?.getTime() ?? 0) - (b.finishedAt?.getTime() ?? 0) || a.nodeId.localeCompare(b.nodeId),
  );
  return ends.at(-1)?.nodeId ?? null;
}

/** The result of `run` as its rows say now (a run still going has no output yet). */
export async function runResult(models: Models, run: WorkflowRun): Promise<RunResult> {
  const summary = (run.resultSummary ?? {}) as { failures?: RunResult['failures']; error?: string };
  const result: RunResult = {
    runId: run.id,
    status: run.runStatus,
    outputNodeId: null,
    output: null,
    outputTruncated: false,
    failures: Array.isArray(summary.failures) ? summary.failures : [],
    error: typeof summary.error === 'string' ? summary.error : null,
  };
  if (!runHasEnded(run.runStatus)) return result;
  const sequelize = models.Task.sequelize!;
  const tasks = await sequelize.query<{ node_id: string; task_status: TaskStatus; finished_at: Date | null }>(
    `SELECT node_id, task_status, finished_at FROM tasks
      WHERE workflow_run_id = :runId AND strpos(node_id, '[') = 0`,
    { replacements: { runId: run.id }, type: QueryTypes.SELECT },
  );
  const nodeId = finalNodeId(
    run.specSnapshot,
    tasks.map((t) => ({ nodeId: t.node_id, status: t.task_status, finishedAt: t.finished_at })),
  );
  if (!nodeId) return result;
  // Cut in the database: an output of hundreds of kilobytes never reaches the API whole.
  const [row] = await sequelize.query<{ output: unknown; truncated: boolean }>(
    `SELECT CASE WHEN length(CAST(logs -> 'output' AS text)) > :max
                 THEN jsonb_build_object('preview', left(CAST(logs -> 'output' AS text), :max))
                 ELSE logs -> 'output' END AS output,
            coalesce(length(CAST(logs -> 'output' AS text)) > :max, false)
              OR coalesce(logs ->> 'outputTruncated' = 'true', false) AS truncated
       FROM tasks WHERE workflow_run_id = :runId AND node_id = :nodeId`,
    { replacements: { runId: run.id, nodeId, max: MAX_RESULT_OUTPUT_CHARS }, type: QueryTypes.SELECT },
  );
  return { ...result, outputNodeId: nodeId, output: row?.output ?? null, outputTruncated: row?.truncated ?? false };
}

/**
 * Waits up to `timeoutMs` for the run to end (woken by the worker's `NOTIFY run_finished`, the
 * run-end watcher), then answers its result: ended, or as it stands when the time passed first.
 */
export async function waitForRunResult(
  services: Pick<AppServices, 'models' | 'runEnds'>,
  run: WorkflowRun,
  timeoutMs: number,
): Promise<RunResult> {
  await services.runEnds.waitForEnd(run.id, timeoutMs);
  await run.reload();
  return runResult(services.models, run);
}
