import type { WorkflowSpec } from '../spec/spec.schema';
import { hasOutsideEffect } from './test-plan';

// Pinned outputs (decision 0011): a person pins what a node with outside effects answers in test
// runs, on the workflow's version (`workflow_versions.pinned_outputs`, by node id). Real runs never
// read them. Only such nodes take pins: every other node runs for real in a test run, so a pin
// there would hide the very templates a test is for.

/** Why `nodeId` of `spec` cannot take a pin, or null when it can. */
export function pinRefusal(spec: WorkflowSpec, nodeId: string): string | null {
  const node = spec.nodes.find((n) => n.id === nodeId);
  if (!node) return `The workflow's current spec has no node "${nodeId}".`;
  if (!hasOutsideEffect(node))
    return `"${nodeId}" is a ${node.type} node: it runs for real in test runs, so it takes no pin. Pin the node it reads from instead.`;
  return null;
}

/** The pins that still apply to `spec`: those of nodes it has, as nodes that take pins. */
export function keptPins(pins: Record<string, unknown>, spec: WorkflowSpec): Record<string, unknown> {
  return Object.fromEntries(Object.entries(pins).filter(([nodeId]) => pinRefusal(spec, nodeId) === null));
}
