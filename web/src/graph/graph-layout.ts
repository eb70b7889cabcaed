import { buildGraph, topologicalOrder } from '../../../core/spec/spec-graph';
import type { Edge, SpecNode } from '../../../core/spec/spec.schema';

export const NODE_WIDTH = 190;
const COLUMN_GAP = 40;
const ROW_HEIGHT = 110;

/**
 * Top-to-bottom layers: each node sits one row below its deepest predecessor, so the flow reads
 * downwards and parallel branches sit side by side. A spec with a cycle (invalid, but the author
 * page may show one) falls back to the nodes' own order.
 */
export function layoutSpec(
  nodes: readonly Pick<SpecNode, 'id'>[],
  edges: readonly Edge[],
): Map<string, { x: number; y: number }> {
  const graph = buildGraph(nodes, edges);
  const order = topologicalOrder(graph) ?? nodes.map((n) => n.id);
  const depth = new Map<string, number>();
  for (const id of order) {
    const parents = (graph.incoming.get(id) ?? []).map((e) => depth.get(e.from) ?? 0);
    depth.set(id, parents.length === 0 ? 0 : Math.max(...parents) + 1);
  }
  const rows = new Map<number, string[]>();
  for (const id of order) rows.set(depth.get(id)!, [...(rows.get(depth.get(id)!) ?? []), id]);
  const widest = Math.max(...[...rows.values()].map((row) => row.length));
  const positions = new Map<string, { x: number; y: number }>();
  for (const [row, ids] of rows) {
    const offset = ((widest - ids.length) * (NODE_WIDTH + COLUMN_GAP)) / 2;
    ids.forEach((id, column) =>
      positions.set(id, { x: offset + column * (NODE_WIDTH + COLUMN_GAP), y: row * ROW_HEIGHT }),
    );
  }
  return positions;
}
