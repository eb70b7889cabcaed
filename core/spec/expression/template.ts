import type { Ast } from './ast';
import { Budget } from './budget';
import { evaluateWithBudget } from './evaluator';
import { ExpressionError } from './expression-error';
import { defaultLimits, type ExpressionLimits } from './limits';
import { parseExpression } from './parser';
import { isPlainObject, setOwn, toText, type JsonObject, type JsonValue } from './values';

// Templates: literal text with `{{ expression }}` holes. There is no escape syntax; text outside
// the braces is always literal. Errors report positions in the template text, not the expression.

/** A piece of a parsed template: literal text, or an expression with its source offset in the template. */
export type TemplatePart =
  { kind: 'text'; text: string } | { kind: 'expression'; source: string; ast: Ast; start: number };

/**
 * True if `text` is rendered as a template, i.e. holds a `{{` (a cheap check; it does not parse).
 * An unclosed `{{` counts: rendering refuses it, so checking a spec must refuse it too.
 */
export function isTemplate(text: string): boolean {
  return text.includes('{{');
}

/** Splits a template into text and parsed expressions; throws ExpressionError (unclosed `{{`, bad expression) positioned in `text`. */
export function parseTemplate(text: string, limits: ExpressionLimits = defaultLimits): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    if (open === -1) break;
    if (open > from) parts.push({ kind: 'text', text: text.slice(from, open) });
    const close = findClose(text, open + 2);
    if (close === -1) throw new ExpressionError('Unclosed "{{"', open, 'every "{{" needs a matching "}}"');
    const inner = text.slice(open + 2, close);
    const source = inner.trim();
    if (source === '') throw new ExpressionError('Empty expression "{{ }}"', open);
    const start = open + 2 + (inner.length - inner.trimStart().length);
    let ast: Ast;
    try {
      ast = parseExpression(source, limits);
    } catch (error) {
      throw error instanceof ExpressionError ? error.shifted(start) : error;
    }
    parts.push({ kind: 'expression', source, ast, start });
    from = close + 2;
  }
  if (from < text.length) parts.push({ kind: 'text', text: text.slice(from) });
  return parts;
}

/**
 * Where the expression opened at `from` ends: the first `}}` outside string literals and outside
 * `{ }` object literals, so `{{ {a: {b: 1}} }}` and `{{ "}}" }}` work. -1 if there is none.
 */
function findClose(text: string, from: number): number {
  let braces = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) return -1;
    } else if (c === '{') {
      braces++;
    } else if (c === '}') {
      if (braces === 0 && text[i + 1] === '}') return i;
      if (braces > 0) braces--;
    }
  }
  return -1;
}

/** Called with the source of each `{{ expression }}` that gave nothing: null or "" (a test run reports them). */
export type EmptyHoleListener = (source: string) => void;

/**
 * Renders a template. Exactly one `{{ expr }}` and nothing else gives the raw value (array, number...);
 * otherwise the pieces are joined as text (null is "", objects and arrays JSON). Text without `{{` comes back unchanged.
 */
export function renderTemplate(
  text: string,
  scope: Record<string, unknown>,
  limits: ExpressionLimits = defaultLimits,
  onEmptyHole?: EmptyHoleListener,
): unknown {
  return renderWithBudget(text, scope, new Budget(limits), onEmptyHole);
}

function renderWithBudget(
  text: string,
  scope: Record<string, unknown>,
  budget: Budget,
  onEmptyHole?: EmptyHoleListener,
): JsonValue {
  if (!isTemplate(text)) return text;
  const parts = parseTemplate(text, budget.limits);
  const hole = (part: TemplatePart & { kind: 'expression' }) => {
    const value = evaluatePart(part, scope, budget);
    if (value === null || value === '') onEmptyHole?.(part.source);
    return value;
  };
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.kind === 'expression') return hole(only);
  const pieces: string[] = [];
  let length = 0;
  for (const part of parts) {
    const piece = part.kind === 'text' ? part.text : toText(hole(part), budget);
    length += piece.length;
    budget.textLength(length);
    pieces.push(piece);
  }
  return budget.text(pieces.join(''));
}

function evaluatePart(
  part: TemplatePart & { kind: 'expression' },
  scope: Record<string, unknown>,
  budget: Budget,
): JsonValue {
  try {
    return evaluateWithBudget(part.ast, scope, budget);
  } catch (error) {
    throw error instanceof ExpressionError ? error.shifted(part.start) : error;
  }
}

/**
 * Renders every string inside nested arrays and plain objects (keys are left alone), sharing one
 * step budget; other values are kept as they are. Returns a new structure; the input is not changed.
 */
export function renderDeep(
  value: unknown,
  scope: Record<string, unknown>,
  limits: ExpressionLimits = defaultLimits,
): unknown {
  const budget = new Budget(limits);
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return renderWithBudget(item, scope, budget);
    if (Array.isArray(item)) {
      budget.depth(depth);
      budget.collection(item.length);
      return item.map((element) => walk(element, depth + 1));
    }
    if (isPlainObject(item)) {
      budget.depth(depth);
      const keys = Object.keys(item);
      budget.collection(keys.length);
      const out: JsonObject = {};
      // Values may be anything the caller passed (not only JSON), hence the cast; setOwn keeps a
      // `__proto__` key an ordinary property.
      for (const key of keys) setOwn(out, key, walk(item[key], depth + 1) as JsonValue);
      return out;
    }
    return item;
  };
  return walk(value, 1);
}
