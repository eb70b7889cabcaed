import { ExpressionError, evaluateExpression, renderTemplate } from '../../../core/spec/expression';
import { NodeError } from '../../../core/run/node-error';
import { jsonSizeUpTo } from '../json-size';
import type { RunScope } from '../run-scope';

/**
 * What one node may render. The expression limits bound each expression's work; these bound what
 * the node produces from them in total, so memory stays bounded and an oversized body or output
 * fails the node at once instead of being built, sent or stored.
 */
export const renderLimits = { perValueBytes: 4 * 1024 * 1024, perNodeBytes: 8 * 1024 * 1024 } as const;

const MIB = 1024 * 1024;

/** A node's templates, rendered against its run's data, sharing one size allowance. */
export interface NodeTemplates {
  /** Renders one template: the raw value of a lone `{{ expr }}`, else text. */
  render(template: string, field: string): unknown;
  /** Renders a template that must produce text (objects become JSON). */
  renderText(template: string, field: string): string;
  /** Evaluates a bare expression (a condition). */
  evaluate(expression: string, field: string): unknown;
  /**
   * Each `{{ expression }}` rendered so far that gave nothing (null or ""), with its field, as
   * `subject: {{ trigger.name }}` (a test run reports them).
   */
  emptyFields(): string[];
}

/** A template or expression that cannot evaluate is a spec problem, not worth a retry. */
function asSpecError(field: string, error: unknown): unknown {
  return error instanceof ExpressionError
    ? new NodeError(`${field}: ${error.message}`, 'ExpressionError', false)
    : error;
}

/** The templates of one node attempt; every value rendered is measured against `renderLimits`. */
export function nodeTemplates(scope: RunScope): NodeTemplates {
  let used = 0;
  const empty: string[] = [];
  const measured = (value: unknown, field: string): unknown => {
    const size = jsonSizeUpTo(value, renderLimits.perValueBytes);
    if (size > renderLimits.perValueBytes)
      throw new NodeError(
        `${field}: the rendered value is larger than ${renderLimits.perValueBytes / MIB} MiB; render less (e.g. one item, not the whole input)`,
        'RenderedTooLarge',
        false,
      );
    used += size;
    if (used > renderLimits.perNodeBytes)
      throw new NodeError(
        `${field}: this node's rendered values pass ${renderLimits.perNodeBytes / MIB} MiB together`,
        'RenderedTooLarge',
        false,
      );
    return value;
  };
  const render = (template: string, field: string): unknown => {
    try {
      return measured(
        renderTemplate(template, scope, undefined, (source) => empty.push(`${field}: {{ ${source} }}`)),
        field,
      );
    } catch (error) {
      throw asSpecError(field, error);
    }
  };
  return {
    render,
    renderText(template, field) {
      const value = render(template, field);
      if (value === null || value === undefined) return '';
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    },
    evaluate(expression, field) {
      try {
        return measured(evaluateExpression(expression, scope), field);
      } catch (error) {
        throw asSpecError(field, error);
      }
    },
    emptyFields: () => [...empty],
  };
}
