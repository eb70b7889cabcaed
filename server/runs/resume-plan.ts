import type { TaskStatus } from '../../core/db/enums';
import { buildGraph, loopDescendants, scopeNodes, topologicalOrder, type SpecGraph } from '../../core/spec/spec-graph';
import type { WorkflowSpec } from '../../core/spec/spec.schema';
import { diffSpecs } from '../../core/spec/spec-diff';

// Which nodes a resumed run takes from the failed run it resumes, and whether the workflow's
// current spec still fits them. Pure, so the rules are tested on their own (resume-plan.test.ts).

/**
 * The nodes that ended the same way the resumed run would end them without running: each one
 * succeeded, or was skipped off a branch not taken, and so did every node upstream of it. A node
 * downstream of a failure is not among them, even if it succeeded (a failure's handler, or a node
 * after `onError: "continue"`): what it read may come out differently this time.
 */
function settledNodes(graph: SpecGraph, statuses: ReadonlyMap<string, TaskStatus>): Set<string> {
  const settled = new Set<string>();
  for (const id of topologicalOrder(graph) ?? []) {
    const status = statuses.get(id);
    if ((status === 'success' || status === 'skipped') && graph.incoming.get(id)!.every((e) => settled.has(e.from)))
      settled.add(id);
  }
  return settled;
}

/** The edges into a node, as one comparable string; null when the spec has no such node. */
const incomingKey = (graph: SpecGraph, id: string) =>
  graph.incoming
    .get(id)
    ?.map((edge) => `${edge.from}\u0000${edge.branch ?? ''}`)
    .sort()
    .join('\u0001') ?? null;

/** A node of the part already settled that the other spec changed. */
export interface ChangedNode {
  id: string;
  name: string;
  how: 'changed' | 'removed';
}

export type ResumePlan =
  | {
      ok: true;
      /** Top-level nodes whose outputs are reused. */
      reused: string[];
      /** Task keys of loop items that succeeded, with their body's rows: a loop run again skips them. */
      items: string[];
    }
  | { ok: false; changed: ChangedNode[] };

/** A loop and its body as one comparable string: the nodes (names aside) and the edges among them. */
function bodyKey(spec: WorkflowSpec, loop: string): string {
  const body = [...spec.nodes.filter((node) => node.id === loop), ...loopDescendants(spec.nodes, loop)];
  const ids = new Set(body.map((node) => node.id));
  const nodes = body.map(({ name: _name, ...node }) => node).sort((a, b) => a.id.localeCompare(b.id));
  const edges = spec.edges.filter(([from, to]) => ids.has(from) && ids.has(to)).map((edge) => edge.join('\u0000'));
  return JSON.stringify([nodes, edges.sort()]);
}

/**
 * The rows of loop items a resumed run keeps: for each loop it runs again whose body is the same
 * and whose every upstream node is reused (so its list is the same), each item that succeeded, and
 * every row under it (`<bodyNode>[i]…`). Items that failed or never ran run again.
 */
function reusedItems(
  original: WorkflowSpec,
  target: WorkflowSpec,
  graph: SpecGraph,
  settled: ReadonlySet<string>,
  statuses: ReadonlyMap<string, TaskStatus>,
): string[] {
  const loops = scopeNodes(target.nodes, null).filter(
    (node) =>
      node.type === 'for_each' &&
      !settled.has(node.id) &&
      graph.incoming.get(node.id)?.every((edge) => settled.has(edge.from)) &&
      bodyKey(original, node.id) === bodyKey(target, node.id),
  );
  return loops.flatMap((loop) => {
    // The rows under each item, by the item's index: `<bodyNode>[i]` and `<node>[i][j]` inside.
    const inside = new Set(loopDescendants(target.nodes, loop.id).map((node) => node.id));
    const under = new Map<string, string[]>();
    for (const key of statuses.keys()) {
      const match = /^([^[]+)(\[\d+\])/.exec(key);
      if (match && inside.has(match[1]!)) under.set(match[2]!, [...(under.get(match[2]!) ?? []), key]);
    }
    return [...statuses]
      .filter(
        ([key, status]) =>
          status === 'success' && /^\[\d+\]$/.test(key.slice(loop.id.length)) && key.startsWith(loop.id),
      )
      .flatMap(([item]) => [item, ...(under.get(item.slice(loop.id.length)) ?? [])]);
  });
}

/**
 * What resuming `original`'s run (its tasks' `statuses`) on `target` reuses: the outputs of the
 * nodes that succeeded where the run had settled. On another spec (the workflow's current one),
 * every node of that settled part must be there unchanged, with the same edges into it (a new
 * name does not count); otherwise the plan lists what changed, and the run cannot be resumed on it.
 */
export function resumePlan(
  original: WorkflowSpec,
  target: WorkflowSpec,
  statuses: ReadonlyMap<string, TaskStatus>,
): ResumePlan {
  const originalGraph = buildGraph(original.nodes, original.edges);
  const settled = settledNodes(originalGraph, statuses);
  if (target !== original) {
    const targetGraph = buildGraph(target.nodes, target.edges);
    const diff = diffSpecs(original, target);
    const byId = new Map(original.nodes.map((node) => [node.id, node]));
    const removed = new Set(diff.nodesRemoved.map((node) => node.id));
    const redefined = new Set(
      diff.nodesChanged.filter((node) => node.fields.some((field) => field !== 'name')).map((node) => node.id),
    );
    const changed = [...settled].flatMap((id): ChangedNode[] => {
      const node = byId.get(id)!;
      if (removed.has(id)) return [{ id, name: node.name, how: 'removed' }];
      if (
        redefined.has(id) ||
        incomingKey(originalGraph, id) !== incomingKey(targetGraph, id) ||
        // A loop's results come from its body: a changed body changes the loop.
        (node.type === 'for_each' && bodyKey(original, id) !== bodyKey(target, id))
      )
        return [{ id, name: node.name, how: 'changed' }];
      return [];
    });
    if (changed.length) return { ok: false, changed };
  }
  return {
    ok: true,
    reused: [...settled].filter((id) => statuses.get(id) === 'success'),
    items: reusedItems(original, target, originalGraph, settled, statuses),
  };
}
