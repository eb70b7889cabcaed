import { QueryTypes } from 'sequelize';
import type { Models } from '../../core/db/models';
import { hasOutsideEffect, type TestPlan } from '../../core/run/test-plan';
import { derivedSample, needsSample } from '../../core/spec/derived-sample';
import { nodeTypeDefinitions } from '../../core/spec/node-types';
import type { SpecNode, WorkflowSpec } from '../../core/spec/spec.schema';

/** Whether `output` has the shape of what `node`'s type outputs. */
const fitsNode = (node: SpecNode, output: unknown) => nodeTypeDefinitions[node.type].output.safeParse(output).success;

/** How many of the workflow's latest real runs are searched for a node's last output. */
const RECENT_RUNS = 50;

/**
 * The last output of each node among the workflow's latest real runs where it succeeded, whole
 * (not cut for storage) and still of its type's shape (a node id may have changed type since). A
 * loop's body node counts its items' rows (`fetch[3]`).
 */
async function lastRealOutputs(models: Models, workflowId: string, nodes: SpecNode[]) {
  if (nodes.length === 0) return new Map<string, TestPlan['samples'][string]>();
  const rows = await models.Task.sequelize!.query<{ nodeId: string; output: unknown; runId: string }>(
    `SELECT DISTINCT ON (split_part(t.node_id, '[', 1))
            split_part(t.node_id, '[', 1) AS "nodeId", t.logs -> 'output' AS output, t.workflow_run_id AS "runId"
       FROM (SELECT id FROM workflow_runs
              WHERE workflow_id = :workflowId AND run_trigger IS DISTINCT FROM 'test'
              ORDER BY created_at DESC LIMIT :recent) r
       JOIN tasks t ON t.workflow_run_id = r.id
      WHERE split_part(t.node_id, '[', 1) IN (:ids) AND t.task_status = 'success'
        AND t.logs ? 'output' AND coalesce(t.logs ->> 'outputTruncated', 'false') <> 'true'
      ORDER BY split_part(t.node_id, '[', 1), t.finished_at DESC NULLS LAST`,
    {
      replacements: { workflowId, recent: RECENT_RUNS, ids: nodes.map((n) => n.id) },
      type: QueryTypes.SELECT,
    },
  );
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const found = new Map<string, TestPlan['samples'][string]>();
  for (const row of rows)
    if (fitsNode(byId.get(row.nodeId)!, row.output))
      found.set(row.nodeId, { source: 'last_run', output: row.output, fromRunId: row.runId });
  return found;
}

/**
 * What each node with outside effects answers with in a test run of `spec` (test-plan.ts): the
 * output a person pinned on the workflow's current version; else, for a node whose output comes
 * from outside, its last real output, or one derived from what later templates read of it. Nodes
 * that only send or write, unpinned, are answered by the worker as the service would answer.
 */
export async function planSamples(
  models: Models,
  workflowId: string,
  spec: WorkflowSpec,
): Promise<TestPlan['samples']> {
  const version = await models.WorkflowVersion.findOne({
    where: { workflowId },
    order: [['version', 'DESC']],
    attributes: ['pinnedOutputs'],
  });
  const pins = version?.pinnedOutputs ?? {};
  const samples: TestPlan['samples'] = {};
  const unpinned: SpecNode[] = [];
  for (const node of spec.nodes) {
    if (!hasOutsideEffect(node)) continue;
    // A pin made for a node of another type (a proposal reusing its id) does not apply.
    if (Object.hasOwn(pins, node.id) && fitsNode(node, pins[node.id]))
      samples[node.id] = { source: 'pinned', output: pins[node.id] };
    else if (needsSample(node)) unpinned.push(node);
  }
  const last = await lastRealOutputs(models, workflowId, unpinned);
  for (const node of unpinned)
    samples[node.id] = last.get(node.id) ?? { source: 'derived', output: derivedSample(spec, node.id) };
  return samples;
}
