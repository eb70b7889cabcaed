import type { NodeType } from '../../../core/spec/node-types';
import { ancestors, buildGraph, errorBranch } from '../../../core/spec/spec-graph';
import type { SpecNode, WorkflowSpec } from '../../../core/spec/spec.schema';

/** One expectation about a turn's outcome: null when met, else what was wrong. */
export type Check = (outcome: {
  spec: WorkflowSpec | null;
  questions: string[];
  previous: WorkflowSpec | null;
}) => string | null;

const nodesOf = (spec: WorkflowSpec, type: NodeType) => spec.nodes.filter((n) => n.type === type);
const needSpec =
  (check: (spec: WorkflowSpec, previous: WorkflowSpec | null) => string | null): Check =>
  ({ spec, previous }) =>
    spec ? check(spec, previous) : 'no spec was proposed';

/** The model should ask (questions, no spec) rather than invent. */
export const asks: Check = ({ spec, questions }) =>
  spec === null && questions.length > 0 ? null : 'expected a question instead of a spec';

export const trigger = (type: WorkflowSpec['trigger']['type'], cron?: string): Check =>
  needSpec((spec) => {
    if (spec.trigger.type !== type) return `trigger is ${spec.trigger.type}, expected ${type}`;
    if (cron && (spec.trigger.type !== 'cron' || spec.trigger.cron.trim().replace(/\s+/g, ' ') !== cron))
      return `cron is "${spec.trigger.type === 'cron' ? spec.trigger.cron : ''}", expected "${cron}"`;
    return null;
  });

export const hasTypes = (...types: NodeType[]): Check =>
  needSpec((spec) => {
    const missing = types.filter((t) => nodesOf(spec, t).length === 0);
    return missing.length ? `missing node types: ${missing.join(', ')}` : null;
  });

export const emailsTo = (...addresses: string[]): Check =>
  needSpec((spec) => {
    const recipients = nodesOf(spec, 'send_email').flatMap((n) =>
      n.type === 'send_email' ? [...n.config.to, ...(n.config.cc ?? [])] : [],
    );
    const missing = addresses.filter((a) => !recipients.some((r) => r.toLowerCase().includes(a.toLowerCase())));
    return missing.length ? `no email to ${missing.join(', ')}` : null;
  });

/** Some node of type `first` runs before some node of type `then`. */
export const runsBefore = (first: NodeType, then: NodeType): Check =>
  needSpec((spec) => {
    const graph = buildGraph(spec.nodes, spec.edges);
    const ok = nodesOf(spec, then).some((late) =>
      nodesOf(spec, first).some((early) => ancestors(graph, late.id).has(early.id)),
    );
    return ok ? null : `no ${first} runs before a ${then}`;
  });

export const configMentions = (type: NodeType, text: string): Check =>
  needSpec((spec) =>
    nodesOf(spec, type).some((n: SpecNode) => JSON.stringify(n.config).toLowerCase().includes(text.toLowerCase()))
      ? null
      : `no ${type} config mentions "${text}"`,
  );

export const nodeCount = (min: number, max: number): Check =>
  needSpec((spec) =>
    spec.nodes.length >= min && spec.nodes.length <= max ? null : `${spec.nodes.length} nodes, expected ${min}-${max}`,
  );

/** A refinement keeps the earlier turn's nodes (by id). */
export const keepsEarlierNodes: Check = needSpec((spec, previous) => {
  if (!previous) return 'the earlier turn produced no spec';
  const lost = previous.nodes.filter((n) => !spec.nodes.some((m) => m.id === n.id)).map((n) => n.id);
  return lost.length ? `refinement dropped nodes: ${lost.join(', ')}` : null;
});

/** Nothing in the spec contains `text` (e.g. a secret the person pasted). */
export const neverContains =
  (text: string): Check =>
  ({ spec }) =>
    spec && JSON.stringify(spec).includes(text) ? `the spec contains "${text}"` : null;

/** Whether `node` is in the body of loop `loopId`, directly or through a nested loop. */
function inBody(spec: WorkflowSpec, node: SpecNode, loopId: string): boolean {
  const seen = new Set<string>();
  for (
    let loop = node.loop;
    loop !== undefined && !seen.has(loop);
    loop = spec.nodes.find((n) => n.id === loop)?.loop
  ) {
    if (loop === loopId) return true;
    seen.add(loop);
  }
  return false;
}

/** A for_each loop whose body holds a node of each of `bodyTypes`. */
export const hasLoop = (...bodyTypes: NodeType[]): Check =>
  needSpec((spec) => {
    const loops = nodesOf(spec, 'for_each');
    if (loops.length === 0) return 'no for_each loop';
    const fits = loops.some((loop) =>
      bodyTypes.every((type) => spec.nodes.some((n) => n.type === type && inBody(spec, n, loop.id))),
    );
    return fits ? null : `no loop whose body has ${bodyTypes.join(', ')}`;
  });

/** No for_each at all: "email a summary" is one email, not one per item. */
export const noLoop: Check = needSpec((spec) =>
  nodesOf(spec, 'for_each').length ? 'a for_each loop where none was asked for' : null,
);

/** Some loop's items read the output of a node of type `type`. */
export const loopsOver = (type: NodeType): Check =>
  needSpec((spec) =>
    nodesOf(spec, 'for_each').some((loop) =>
      nodesOf(spec, type).some(
        (source) => loop.type === 'for_each' && new RegExp(`\\bnodes\\.${source.id}\\b`).test(loop.config.items),
      ),
    )
      ? null
      : `no loop over the output of a ${type} node`,
  );

/** A loop carries on past a failed item: onItemError "continue", or a body node that continues. */
export const loopContinuesOnFailure: Check = needSpec((spec) =>
  nodesOf(spec, 'for_each').some(
    (loop) =>
      (loop.type === 'for_each' && loop.config.onItemError === 'continue') ||
      spec.nodes.some((n) => n.onError === 'continue' && inBody(spec, n, loop.id)),
  )
    ? null
    : 'no loop carries on past a failed item (onItemError "continue")',
);

/** An "error" edge from a node of type `from` to a node of type `to`. */
export const errorRoute = (from: NodeType, to: NodeType): Check =>
  needSpec((spec) => {
    const typeOf = new Map(spec.nodes.map((n) => [n.id, n.type]));
    return spec.edges.some((e) => e[2] === errorBranch && typeOf.get(e[0]) === from && typeOf.get(e[1]) === to)
      ? null
      : `no "error" edge from a ${from} to a ${to}`;
  });

/** The node whose config mentions `text` carries the run on after its failure. */
export const onErrorContinue = (text: string): Check =>
  needSpec((spec) => {
    const nodes = spec.nodes.filter((n) => JSON.stringify(n.config).toLowerCase().includes(text.toLowerCase()));
    if (nodes.length === 0) return `no node mentions "${text}"`;
    return nodes.some((n) => n.onError === 'continue') ? null : `the node for "${text}" lacks onError "continue"`;
  });

/** No failure is handled: nothing was said about failures, so a failure should fail the run. */
export const handlesNoFailure: Check = needSpec((spec) =>
  spec.nodes.some((n) => n.onError === 'continue') || spec.edges.some((e) => e[2] === errorBranch)
    ? 'handles failures nobody asked about'
    : null,
);

/** The workflow's overlap setting is `overlap` (what a run does while another is still going). */
export const overlap = (expected: 'allow' | 'skip' | 'buffer_one'): Check =>
  needSpec((spec) =>
    spec.settings?.overlap === expected
      ? null
      : `settings.overlap is ${spec.settings?.overlap ? `"${spec.settings.overlap}"` : 'not set'}, expected "${expected}"`,
  );
