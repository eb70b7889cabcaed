import type { NodeType } from '../../../core/spec/node-types';
import { ancestors, buildGraph } from '../../../core/spec/spec-graph';
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
