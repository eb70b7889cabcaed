import { z } from 'zod';
import { cronProblems, isKnownTimeZone } from './cron';
import { ExpressionError, parseTemplate } from './expression';
import { nodeExpressions } from './node-references';
import { nodeTypeDefinitions, type NodeType } from './node-types';
import { buildGraph, enclosingLoops, errorBranch, maxLoopDepth, readableNodes, type SpecGraph } from './spec-graph';
import { nodeSchema, workflowSpecSchema, type WorkflowSpec } from './spec.schema';

/** One thing wrong with a spec, where it is, in words a person (or the LLM) can act on. */
export interface SpecProblem {
  path: string;
  message: string;
}

export interface ValidationContext {
  /** The spec's owner; connectors must be theirs. */
  ownerId: string;
  /**
   * The connectors the spec names (any owner's: the validator tells foreign from missing).
   * null skips the connector checks, for offline checks such as `npm run spec:check`.
   */
  connectors: ReadonlyArray<{ id: string; name: string; type: string; ownerId: string }> | null;
}

export type ValidationResult = { ok: true; spec: WorkflowSpec } | { ok: false; problems: SpecProblem[] };

const templateRoots = new Set(['trigger', 'nodes', 'run']);
/** What a loop body reads besides: its item, and the item's position in the list. */
const itemRoots = new Set(['item', 'index']);

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** Structural view of possibly invalid input, so graph problems are reported beside schema ones. */
function looseShape(input: unknown) {
  const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const spec = record(input) ? input : {};
  const nodes = (Array.isArray(spec.nodes) ? spec.nodes : []).map((n, index) => ({
    index,
    raw: n,
    id: record(n) && typeof n.id === 'string' ? n.id : null,
    loop: record(n) && typeof n.loop === 'string' ? n.loop : null,
  }));
  const edges = (Array.isArray(spec.edges) ? spec.edges : []).map((e, index) => ({
    index,
    from: Array.isArray(e) && typeof e[0] === 'string' ? e[0] : null,
    to: Array.isArray(e) && typeof e[1] === 'string' ? e[1] : null,
    branch: Array.isArray(e) && typeof e[2] === 'string' ? e[2] : null,
  }));
  return { nodes, edges };
}

function graphProblems(
  shape: ReturnType<typeof looseShape>,
  typeOf: Map<string, string>,
): { problems: SpecProblem[]; graph: SpecGraph } {
  const problems: SpecProblem[] = [];
  const ids = new Set<string>();
  const loopOf = new Map(shape.nodes.flatMap((n) => (n.id === null ? [] : [[n.id, n.loop] as const])));
  for (const node of shape.nodes) {
    if (node.id === null) continue;
    if (ids.has(node.id))
      problems.push({ path: `nodes.${node.index}.id`, message: `duplicate node id "${node.id}"; ids must be unique` });
    ids.add(node.id);
  }
  const seen = new Set<string>();
  const edges: Array<[string, string] | [string, string, string]> = [];
  for (const edge of shape.edges) {
    if (edge.from === null || edge.to === null) continue;
    const path = `edges.${edge.index}`;
    const unknown = [edge.from, edge.to].filter((id) => !ids.has(id));
    if (unknown.length) {
      problems.push({
        path,
        message: `edge ${edge.from} → ${edge.to} names unknown node${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(' and ')}`,
      });
      continue;
    }
    if (edge.from === edge.to) problems.push({ path, message: `edge from "${edge.from}" to itself` });
    const crossing = loopBoundaryProblem(edge.from, edge.to, loopOf);
    if (crossing) {
      problems.push({ path, message: crossing });
      continue;
    }
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.branch ?? ''}`;
    if (seen.has(key)) problems.push({ path, message: `duplicate edge ${edge.from} → ${edge.to}` });
    seen.add(key);
    const fromType = typeOf.get(edge.from);
    const definition = fromType && fromType in nodeTypeDefinitions ? nodeTypeDefinitions[fromType as NodeType] : null;
    const branches: readonly string[] | null = definition?.branches ?? null;
    if (edge.branch === errorBranch) {
      if (definition && !definition.canFail)
        problems.push({
          path,
          message: `${article(fromType!)} ${fromType} node cannot fail, so "${edge.from}" cannot have an "${errorBranch}" edge`,
        });
    } else if (edge.branch !== null && !branches) {
      problems.push({
        path,
        message: `only condition and approval edges carry a branch label, and "${errorBranch}" edges; "${edge.from}" is a ${fromType ?? 'node'}`,
      });
    } else if (branches && edge.branch !== null && !branches.includes(edge.branch)) {
      problems.push({
        path,
        message: `branch "${edge.branch}" is not one of ${[...branches, errorBranch].map((b) => `"${b}"`).join(', ')}`,
      });
    } else if (fromType === 'condition' && edge.branch === null) {
      problems.push({
        path,
        message: `an edge out of condition "${edge.from}" needs a branch label: "true" or "false"`,
      });
    }
    edges.push(edge.branch === null ? [edge.from, edge.to] : [edge.from, edge.to, edge.branch]);
  }
  const graph = buildGraph(
    [...ids].map((id) => ({ id })),
    edges,
  );
  const entries = [...graph.incoming].filter(([, incoming]) => incoming.length === 0).map(([id]) => id);
  const reached = new Set(entries);
  const stack = [...entries];
  while (stack.length)
    for (const { to } of graph.outgoing.get(stack.pop()!)!) if (!reached.has(to) && reached.add(to)) stack.push(to);
  const cyclic = [...ids].filter((id) => !reached.has(id));
  if (cyclic.length) {
    problems.push({
      path: 'edges',
      message: `the graph has a cycle through ${cyclic.map((id) => `"${id}"`).join(', ')}; workflows must be acyclic`,
    });
    for (const node of shape.nodes.filter((n) => n.id !== null && cyclic.includes(n.id))) {
      problems.push({
        path: `nodes.${node.index}`,
        message: `"${node.id}" is not reachable from the trigger (only through a cycle)`,
      });
    }
  }
  return { problems, graph };
}

/**
 * An edge may only join two nodes of the same scope (the top level, or one loop's body): a loop
 * runs its body itself, and what comes after it reads its results.
 */
function loopBoundaryProblem(from: string, to: string, loopOf: Map<string, string | null>): string | null {
  const [fromLoop, toLoop] = [loopOf.get(from) ?? null, loopOf.get(to) ?? null];
  if (fromLoop === toLoop) return null;
  if (toLoop === from)
    return `"${to}" is in the body of loop "${from}": leave out the edge ${from} → ${to}, the loop runs its body once per item by itself`;
  const where = (id: string, loop: string | null) =>
    loop === null ? `"${id}" is not in a loop body` : `"${id}" is in the body of loop "${loop}"`;
  return `edge ${from} → ${to} crosses a loop's edge: ${where(from, fromLoop)} and ${where(to, toLoop)}; edges join nodes of the same body, and nodes after a loop read nodes.<loop>.results`;
}

interface ReferenceScope {
  graph: SpecGraph;
  byId: ReadonlyMap<string, { id: string; loop?: string | undefined }>;
}

function referenceProblems(refs: string[][], nodeId: string, scope: ReferenceScope, path: string): SpecProblem[] {
  const readable = readableNodes(scope.graph, scope.byId, nodeId);
  const loops = enclosingLoops(scope.byId, nodeId);
  return refs.flatMap(([root = '', target]) => {
    if (itemRoots.has(root))
      return loops.length > 0
        ? []
        : [{ path, message: `"${root}" is only defined in a loop body (a node whose "loop" names a for_each node)` }];
    if (!templateRoots.has(root))
      return [
        {
          path,
          message: `unknown name "${root}": templates read trigger, nodes.<id> and run${loops.length > 0 ? ', and item and index in a loop body' : ''}`,
        },
      ];
    if (root !== 'nodes') return [];
    if (target === undefined) return [{ path, message: 'name a node: nodes.<id>' }];
    if (!scope.graph.incoming.has(target)) return [{ path, message: `references unknown node "${target}"` }];
    if (loops.includes(target))
      return [{ path, message: `references its own loop "${target}", whose results exist only after the loop` }];
    const targetLoop = scope.byId.get(target)?.loop;
    if (!readable.has(target) && targetLoop !== undefined && !loops.includes(targetLoop))
      return [
        {
          path,
          message: `references "${target}", which is in the body of loop "${targetLoop}"; after the loop, read nodes.${targetLoop}.results`,
        },
      ];
    if (!readable.has(target))
      return [
        {
          path,
          message: `references node "${target}", which does not run before "${nodeId}"; add an edge or reference an upstream node`,
        },
      ];
    return [];
  });
}

/** Checks every string of a node's config that holds a template, and a condition's expression. */
function expressionProblems(node: z.infer<typeof nodeSchema>, index: number, scope: ReferenceScope): SpecProblem[] {
  return nodeExpressions(node, `nodes.${index}.config`).flatMap(({ path, references }) => {
    try {
      return referenceProblems(references(), node.id, scope, path);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      return [{ path, message: error.message }];
    }
  });
}

function connectorProblems(node: z.infer<typeof nodeSchema>, index: number, context: ValidationContext): SpecProblem[] {
  const wanted = nodeTypeDefinitions[node.type].connectorType;
  const id = 'connectorId' in node.config ? node.config.connectorId : null;
  if (!wanted || !id || context.connectors === null) return [];
  const path = `nodes.${index}.config.connectorId`;
  const connector = context.connectors.find((c) => c.id === id);
  // Missing and foreign read the same, so a spec cannot probe for other people's connectors.
  if (!connector || connector.ownerId !== context.ownerId)
    return [{ path, message: `no connector of yours has id ${id}` }];
  if (connector.type !== wanted) {
    return [
      {
        path,
        message: `connector "${connector.name}" is a ${connector.type} connector; ${node.type} needs a ${wanted} connector`,
      },
    ];
  }
  return [];
}

/** `onError` only means something on a node that can fail. */
function onErrorProblems(node: z.infer<typeof nodeSchema>, index: number): SpecProblem[] {
  if (node.onError === undefined || nodeTypeDefinitions[node.type].canFail) return [];
  return [
    {
      path: `nodes.${index}.onError`,
      message: `${article(node.type)} ${node.type} node cannot fail; leave out onError`,
    },
  ];
}

type ValidNode = { index: number; node: z.infer<typeof nodeSchema> };

/**
 * A body node names a for_each node of the spec as its `loop`; loops nest at most `maxLoopDepth`
 * deep; every loop has a body; approvals stay out of bodies (one person asked once per item, with
 * no way to answer them together, is a mistake, not a workflow).
 */
function loopProblems(validNodes: ValidNode[]): SpecProblem[] {
  const byId = new Map(validNodes.map(({ node }) => [node.id, node]));
  const problems: SpecProblem[] = [];
  for (const { index, node } of validNodes) {
    if (node.type === 'for_each') problems.push(...forEachProblems(node, index, validNodes));
    if (node.loop === undefined) continue;
    const path = `nodes.${index}.loop`;
    const loop = byId.get(node.loop);
    if (!loop) {
      problems.push({ path, message: `"${node.loop}" is not a node of this spec; "loop" names a for_each node` });
      continue;
    }
    if (loop.type !== 'for_each') {
      problems.push({
        path,
        message: `"${node.loop}" is ${article(loop.type)} ${loop.type} node; "loop" names the for_each node whose body this node is in`,
      });
      continue;
    }
    const loops = enclosingLoops(byId, node.id);
    if (loops.includes(node.id)) problems.push({ path, message: `"${node.id}" is inside itself through "loop"` });
    else if (loops.length > maxLoopDepth)
      problems.push({
        path,
        message: `loops nest at most ${maxLoopDepth} deep; "${node.id}" is inside ${loops.map((l) => `"${l}"`).join(' inside ')}`,
      });
    if (node.type === 'approval')
      problems.push({
        path,
        message: `an approval cannot be in a loop body; ask once, before or after loop "${node.loop}"`,
      });
  }
  return problems;
}

/** A loop has a body, and its items are one `{{ expression }}` (text around it would make a string). */
function forEachProblems(
  node: Extract<ValidNode['node'], { type: 'for_each' }>,
  index: number,
  validNodes: ValidNode[],
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (!validNodes.some((n) => n.node.loop === node.id))
    problems.push({
      path: `nodes.${index}`,
      message: `loop "${node.id}" has no body: give the nodes it runs per item "loop": "${node.id}"`,
    });
  let lone = false;
  try {
    const parts = parseTemplate(node.config.items);
    lone = parts.length === 1 && parts[0]!.kind === 'expression';
  } catch {
    lone = true; // expressionProblems reports what does not parse
  }
  if (!lone)
    problems.push({
      path: `nodes.${index}.config.items`,
      message: 'items must be one {{ expression }} giving a list, with no text around it',
    });
  return problems;
}

function triggerProblems(spec: WorkflowSpec): SpecProblem[] {
  if (spec.trigger.type === 'webhook' && spec.trigger.waitSeconds !== undefined && spec.trigger.respond !== 'after_run')
    return [{ path: 'trigger.waitSeconds', message: 'waitSeconds applies only with respond "after_run"' }];
  if (spec.trigger.type !== 'cron') return [];
  const problems = cronProblems(spec.trigger.cron).map((message) => ({ path: 'trigger.cron', message }));
  if (spec.trigger.timezone && !isKnownTimeZone(spec.trigger.timezone)) {
    problems.push({
      path: 'trigger.timezone',
      message: `unknown time zone "${spec.trigger.timezone}"; use an IANA name such as Europe/Paris`,
    });
  }
  return problems;
}

/**
 * Every problem with a spec: schema, unique ids, edges (branch labels, error edges only out of
 * nodes that can fail), cycles, reachability, config per type, error policies, connectors, cron,
 * and templates that read nodes which do not run before them.
 */
export function validateSpec(input: unknown, context: ValidationContext): ValidationResult {
  const parsed = workflowSpecSchema.safeParse(input);
  const problems: SpecProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const shape = looseShape(input);
  const validNodes: ValidNode[] = shape.nodes.flatMap((n) => {
    const node = nodeSchema.safeParse(n.raw);
    return node.success ? [{ index: n.index, node: node.data }] : [];
  });
  const typeOf = new Map(validNodes.map(({ node }) => [node.id, node.type as string]));
  const graph = graphProblems(shape, typeOf);
  problems.push(...graph.problems, ...loopProblems(validNodes));
  const scope: ReferenceScope = { graph: graph.graph, byId: new Map(validNodes.map(({ node }) => [node.id, node])) };
  for (const { index, node } of validNodes) {
    problems.push(
      ...connectorProblems(node, index, context),
      ...expressionProblems(node, index, scope),
      ...onErrorProblems(node, index),
    );
  }
  if (parsed.success) problems.push(...triggerProblems(parsed.data));
  return problems.length === 0 && parsed.success
    ? { ok: true, spec: parsed.data }
    : { ok: false, problems: dedupe(problems) };
}

function dedupe(problems: SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  return problems.filter(
    (p) => !seen.has(`${p.path}\u0000${p.message}`) && Boolean(seen.add(`${p.path}\u0000${p.message}`)),
  );
}
