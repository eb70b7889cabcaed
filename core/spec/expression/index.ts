// The expression and template language of workflow specs. Pure TypeScript without imports from
// Node or npm, so it runs in Temporal's workflow sandbox, the server and the browser alike.

import { parseExpression } from './parser';
import { evaluate } from './evaluator';
import type { ExpressionLimits } from './limits';

export type { Ast } from './ast';
export { evaluate } from './evaluator';
export { ExpressionError } from './expression-error';
export { expressionFunctions } from './functions';
export { defaultLimits, type ExpressionLimits } from './limits';
export { parseExpression } from './parser';
export { expressionReferences, templateReferences } from './references';
export { isTemplate, parseTemplate, renderDeep, renderTemplate, type TemplatePart } from './template';

/** Parses and evaluates `source` in one go; throws ExpressionError. */
export function evaluateExpression(source: string, scope: Record<string, unknown>, limits?: ExpressionLimits): unknown {
  return evaluate(parseExpression(source, limits), scope, limits);
}
