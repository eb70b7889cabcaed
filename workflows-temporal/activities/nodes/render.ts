import { ExpressionError, evaluateExpression, renderTemplate } from '../../../core/spec/expression';
import { NodeError } from '../../../core/run/node-error';
import type { RunScope } from '../run-scope';

/** Renders one template; a template that cannot evaluate is a spec problem, not worth a retry. */
export function render(template: string, scope: RunScope, field: string): unknown {
  try {
    return renderTemplate(template, scope);
  } catch (error) {
    if (error instanceof ExpressionError) throw new NodeError(`${field}: ${error.message}`, 'ExpressionError', false);
    throw error;
  }
}

/** Renders a template that must produce text. */
export function renderText(template: string, scope: RunScope, field: string): string {
  const value = render(template, scope, field);
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function evaluate(expression: string, scope: RunScope, field: string): unknown {
  try {
    return evaluateExpression(expression, scope);
  } catch (error) {
    if (error instanceof ExpressionError) throw new NodeError(`${field}: ${error.message}`, 'ExpressionError', false);
    throw error;
  }
}
