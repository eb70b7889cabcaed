import { expressionReferences, isTemplate, parseExpression, templateReferences } from './expression';
import type { SpecNode } from './spec.schema';

/** A node's config walked for what reads the run's data: every template, and a condition's expression. */
export interface NodeExpression {
  /** Where it sits, under `basePath` (e.g. `nodes.2.config.fields.0.value`). */
  path: string;
  /** The scope paths it reads, e.g. `['nodes', 'fetch', 'status']`; throws ExpressionError on bad text. */
  references(): string[][];
}

type NodeShape = Pick<SpecNode, 'type'> & { config: unknown };

export function nodeExpressions(node: NodeShape, basePath: string): NodeExpression[] {
  const found: NodeExpression[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      if (node.type === 'condition' && path === `${basePath}.expression`)
        found.push({ path, references: () => expressionReferences(parseExpression(value)) });
      else if (isTemplate(value)) found.push({ path, references: () => templateReferences(value) });
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}.${i}`));
    else if (typeof value === 'object' && value !== null)
      for (const [key, item] of Object.entries(value)) visit(item, `${path}.${key}`);
  };
  visit(node.config, basePath);
  return found;
}

/**
 * The upstream nodes whose outputs a (valid) node's templates read: all of the run's data that
 * one of its attempts has to load. Validation has made sure each names a node that runs before it.
 */
export function nodesRead(node: SpecNode): string[] {
  const ids = new Set<string>();
  for (const expression of nodeExpressions(node, 'config'))
    for (const [root, target] of expression.references()) if (root === 'nodes' && target !== undefined) ids.add(target);
  return [...ids];
}
