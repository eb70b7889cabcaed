import type { Edge, SpecNode } from './spec.schema';

// Graph helpers shared by the validator and the interpreter, so both read edges the same way.
// No zod here: the workflow sandbox imports this file.

/** The label of an edge taken only when its source node has failed (after its last attempt). */
export const errorBranch = 'error';

export interface SpecGraph {
  /** Incoming edges per node id: the upstream node and the branch label, if any. */
  incoming: Map<string, Array<{ from: string; branch: string | null }>>;
  outgoing: Map<string, Array<{ to: string; branch: string | null }>>;
}

export function buildGraph(nodes: readonly Pick<SpecNode, 'id'>[], edges: readonly Edge[]): SpecGraph {
  const incoming = new Map(nodes.map((n) => [n.id, [] as Array<{ from: string; branch: string | null }>]));
  const outgoing = new Map(nodes.map((n) => [n.id, [] as Array<{ to: string; branch: string | null }>]));
  for (const [from, to, branch] of edges) {
    incoming.get(to)?.push({ from, branch: branch ?? null });
    outgoing.get(from)?.push({ to, branch: branch ?? null });
  }
  return { incoming, outgoing };
}

/** Node ids in an order where every node comes after its predecessors; null when there is a cycle. */
export function topologicalOrder(graph: SpecGraph): string[] | null {
  const remaining = new Map([...graph.incoming].map(([id, edges]) => [id, new Set(edges.map((e) => e.from)).size]));
  const ready = [...remaining].filter(([, count]) => count === 0).map(([id]) => id);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const to of new Set(graph.outgoing.get(id)!.map((e) => e.to))) {
      const left = remaining.get(to)! - 1;
      remaining.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  return order.length === graph.incoming.size ? order : null;
}

/** Every node upstream of `id` (its ancestors). */
export function ancestors(graph: SpecGraph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    for (const { from } of graph.incoming.get(stack.pop()!) ?? []) {
      if (!seen.has(from)) {
        seen.add(from);
        stack.push(from);
      }
    }
  }
  return seen;
}

/**
 * Whether a failure of `node` is handled, so that it does not fail the run: it has an `error` edge,
 * or its `onError` policy is "continue".
 */
export function failureHandled(graph: SpecGraph, node: Pick<SpecNode, 'id' | 'onError'>): boolean {
  return node.onError === 'continue' || (graph.outgoing.get(node.id) ?? []).some((e) => e.branch === errorBranch);
}

/** How a node ended, as far as the edges out of it care. */
export interface SettledSource {
  outcome: 'success' | 'failed' | 'skipped' | 'cancelled';
  /** The branch it took (a condition's "true", an approval's decision); null for other nodes. */
  branch: string | null;
  onError?: 'fail' | 'continue';
}

/**
 * Whether an edge out of a settled node carries the run on. An `error` edge is taken only when the
 * node failed. Other edges need it to have succeeded and taken their branch (unlabelled edges out of
 * an approval follow approval); a node whose `onError` is "continue" also goes on along its
 * unlabelled edges after failing.
 */
export function edgeTaken(branch: string | null, source: SettledSource): boolean {
  if (branch === errorBranch) return source.outcome === 'failed';
  if (source.outcome === 'success') return branch === null ? source.branch !== 'rejected' : branch === source.branch;
  return source.outcome === 'failed' && source.onError === 'continue' && branch === null;
}

/** How deep loops nest: a loop may sit in another loop's body, no deeper (decision 0009). */
export const maxLoopDepth = 2;

type Scoped = Pick<SpecNode, 'id' | 'loop'>;

/** The nodes of one scope: the run's top level (`null`), or the body of the loop with that id. */
export function scopeNodes<N extends Scoped>(nodes: readonly N[], loop: string | null): N[] {
  return nodes.filter((n) => (n.loop ?? null) === loop);
}

/** The nodes inside a loop: its body, and the bodies of loops in it. */
export function loopDescendants<N extends Scoped>(nodes: readonly N[], loop: string): N[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return nodes.filter((n) => enclosingLoops(byId, n.id).includes(loop));
}

/**
 * The loops around a node, innermost first. Stops at an id that is not a node, or that comes
 * round again; the validator reports both.
 */
export function enclosingLoops(byId: ReadonlyMap<string, Scoped>, id: string): string[] {
  const loops: string[] = [];
  let loop = byId.get(id)?.loop;
  while (loop !== undefined && byId.has(loop) && !loops.includes(loop)) {
    loops.push(loop);
    loop = byId.get(loop)!.loop;
  }
  return loops;
}

/**
 * The nodes whose outputs a node may read: those before it in its own scope, and those before each
 * loop around it (the loop's own results exist only after it).
 */
export function readableNodes(graph: SpecGraph, byId: ReadonlyMap<string, Scoped>, id: string): Set<string> {
  const readable = ancestors(graph, id);
  for (const loop of enclosingLoops(byId, id)) for (const before of ancestors(graph, loop)) readable.add(before);
  return readable;
}

/**
 * The suffix that keys one item's task rows: the node `send` of item 3 is the row `send[3]`, and
 * in a loop inside a loop `send[3][12]`, outer index first. Node ids cannot hold brackets.
 */
export function taskKey(nodeId: string, path: readonly number[]): string {
  return nodeId + path.map((i) => `[${i}]`).join('');
}
