import { buildGraph, topologicalOrder } from '../../../core/spec/spec-graph';
import type { Edge, SpecNode } from '../../../core/spec/spec.schema';

export const NODE_WIDTH = 190;
const NODE_HEIGHT = 60;
const COLUMN_GAP = 40;
const ROW_GAP = 50;
/** A loop's box: room for its label above the body, and a margin around it. */
export const LOOP_HEADER = 84;
const LOOP_PADDING = 20;

type LayoutNode = Pick<SpecNode, 'id' | 'type'> & { loop?: string };

export interface Placed {
  /** Relative to the box of the loop the node sits in (`parent`), or to the canvas. */
  x: number;
  y: number;
  width: number;
  height: number;
  parent: string | null;
}

/**
 * The loop whose box each node is drawn in, or null. A node naming something that is not a loop,
 * or a loop that is (through others) inside itself, is drawn at the top level: the author page
 * may show such an invalid spec, and every node must still appear.
 */
export function boxParents(nodes: readonly LayoutNode[]): Map<string, string | null> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parents = new Map<string, string | null>();
  for (const node of nodes) {
    const seen = new Set([node.id]);
    let loop = node.loop;
    let ok = true;
    while (loop !== undefined) {
      const around = byId.get(loop);
      if (!around || around.type !== 'for_each' || seen.has(loop)) {
        ok = false;
        break;
      }
      seen.add(loop);
      loop = around.loop;
    }
    parents.set(node.id, ok && node.loop !== undefined ? node.loop : null);
  }
  return parents;
}

/**
 * Each scope (the top level, and each loop's body) laid out as its own small graph, innermost
 * first, so that a loop is a box as large as its body. Within a scope, top-to-bottom layers: each
 * node sits one row below its deepest predecessor in the scope, so the flow reads downwards and
 * parallel branches sit side by side. A scope with a cycle (invalid, but the author page may show
 * one) falls back to the nodes' own order.
 */
export function layoutSpec(nodes: readonly LayoutNode[], edges: readonly Edge[]): Map<string, Placed> {
  const parents = boxParents(nodes);
  const placed = new Map<string, Placed>();
  const layoutScope = (scope: string | null): { width: number; height: number } => {
    const members = nodes.filter((n) => parents.get(n.id) === scope);
    const ids = new Set(members.map((n) => n.id));
    const sizes = new Map(
      members.map((n) => {
        if (n.type !== 'for_each') return [n.id, { width: NODE_WIDTH, height: NODE_HEIGHT }];
        const body = layoutScope(n.id);
        return [
          n.id,
          {
            width: body.width + 2 * LOOP_PADDING,
            height: LOOP_HEADER + Math.max(body.height, NODE_HEIGHT / 2) + LOOP_PADDING,
          },
        ];
      }),
    );
    const graph = buildGraph(
      members,
      edges.filter(([from, to]) => ids.has(from) && ids.has(to)),
    );
    const order = topologicalOrder(graph) ?? members.map((n) => n.id);
    const depth = new Map<string, number>();
    for (const id of order) {
      const parentsDepth = (graph.incoming.get(id) ?? []).map((e) => depth.get(e.from) ?? 0);
      depth.set(id, parentsDepth.length === 0 ? 0 : Math.max(...parentsDepth) + 1);
    }
    const rows: string[][] = [];
    for (const id of order) (rows[depth.get(id)!] ??= []).push(id);
    const rowWidth = (row: string[]) =>
      row.reduce((sum, id) => sum + sizes.get(id)!.width, 0) + COLUMN_GAP * (row.length - 1);
    const body = Math.max(0, ...rows.map(rowWidth));
    // A loop's box is never narrower than its label needs; its body is centred in it.
    const width = scope === null ? body : Math.max(body, NODE_WIDTH + 110 - 2 * LOOP_PADDING);
    let y = scope === null ? 0 : LOOP_HEADER;
    for (const row of rows) {
      let x = (width - rowWidth(row)) / 2 + (scope === null ? 0 : LOOP_PADDING);
      const rowHeight = Math.max(...row.map((id) => sizes.get(id)!.height));
      for (const id of row) {
        const size = sizes.get(id)!;
        placed.set(id, { x, y, ...size, parent: scope });
        x += size.width + COLUMN_GAP;
      }
      y += rowHeight + ROW_GAP;
    }
    const height = rows.length === 0 ? 0 : y - ROW_GAP - (scope === null ? 0 : LOOP_HEADER);
    return { width, height };
  };
  layoutScope(null);
  return placed;
}
