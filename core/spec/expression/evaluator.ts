import type { Ast, BinaryAst, LogicalAst } from './ast';
import { Budget } from './budget';
import { ExpressionError } from './expression-error';
import { callBuiltin } from './functions';
import { defaultLimits, type ExpressionLimits } from './limits';
import { closestName } from './suggest';
import {
  assertAllowedName,
  deepEqual,
  finiteNumber,
  isTruthy,
  readMember,
  readOwn,
  setOwn,
  toText,
  toValue,
  typeName,
  type JsonObject,
  type JsonValue,
} from './values';

// A tree-walking interpreter over the AST. It never turns text into code: the only operations are
// the ones spelled out below and the whitelisted built-ins. Every visit spends one budget step.
//
// Choices where JavaScript would differ (documented for template authors):
// - Member access is null-safe: `a.b` is null when `a` is null or has no own `b`.
// - `&&` and `||` return one of their operands, like JavaScript (`a || "none"` gives a default).
// - `+` concatenates when either side is a string (null counts as "", objects as JSON);
//   otherwise both sides must be numbers.
// - `==`/`!=` are strict and deep: no type coercion, arrays/objects compare by content.

/** Evaluates a parsed expression against `scope`; the result is a JSON value (never undefined). Throws ExpressionError. */
export function evaluate(ast: Ast, scope: Record<string, unknown>, limits: ExpressionLimits = defaultLimits): unknown {
  return evaluateWithBudget(ast, scope, new Budget(limits));
}

/** Evaluates with a budget shared by several expressions (one template, one renderDeep call). */
export function evaluateWithBudget(ast: Ast, scope: Record<string, unknown>, budget: Budget): JsonValue {
  return new Evaluator(scope, budget).visit(ast, 1);
}

class Evaluator {
  constructor(
    private readonly scope: Record<string, unknown>,
    private readonly budget: Budget,
  ) {}

  visit(ast: Ast, depth: number): JsonValue {
    try {
      this.budget.spend(1);
      // The parser already bounds depth; this also protects hand-built trees.
      this.budget.depth(depth);
      return this.apply(ast, depth + 1);
    } catch (error) {
      // Errors from helpers carry no position; the innermost node that sees one claims it.
      if (error instanceof ExpressionError) throw error.at(ast.start);
      throw error;
    }
  }

  private apply(ast: Ast, depth: number): JsonValue {
    switch (ast.type) {
      case 'literal':
        // Parsed literals are already JSON; this only guards hand-built trees against undefined.
        return toValue(ast.value);
      case 'identifier':
        return this.lookup(ast.name);
      case 'member':
        return readMember(this.visit(ast.object, depth), this.visit(ast.property, depth));
      case 'array': {
        this.budget.collection(ast.elements.length);
        return ast.elements.map((element) => this.visit(element, depth));
      }
      case 'object': {
        this.budget.collection(ast.entries.length);
        const out: JsonObject = {};
        for (const entry of ast.entries) {
          assertAllowedName(entry.key);
          setOwn(out, entry.key, this.visit(entry.value, depth));
        }
        return out;
      }
      case 'unary': {
        const value = this.visit(ast.argument, depth);
        if (ast.operator === '!') return !isTruthy(value);
        if (typeof value !== 'number') throw new ExpressionError(`Cannot negate ${typeName(value)}`);
        return finiteNumber(-value);
      }
      case 'binary':
        return this.binary(ast, this.visit(ast.left, depth), this.visit(ast.right, depth));
      case 'logical':
        return this.logical(ast, depth);
      case 'conditional':
        return isTruthy(this.visit(ast.test, depth))
          ? this.visit(ast.consequent, depth)
          : this.visit(ast.alternate, depth);
      case 'call':
        return callBuiltin(
          ast.callee,
          ast.args.map((arg) => this.visit(arg, depth)),
          this.budget,
        );
      default:
        // Only reachable with a hand-built tree that is not an Ast.
        throw new ExpressionError('Malformed expression');
    }
  }

  private logical(ast: LogicalAst, depth: number): JsonValue {
    const left = this.visit(ast.left, depth);
    switch (ast.operator) {
      case '&&':
        return isTruthy(left) ? this.visit(ast.right, depth) : left;
      case '||':
        return isTruthy(left) ? left : this.visit(ast.right, depth);
      case '??':
        return left === null ? this.visit(ast.right, depth) : left;
      default:
        throw new ExpressionError('Malformed expression');
    }
  }

  /** A root name: only the scope's own properties, checked like any other value. */
  private lookup(name: string): JsonValue {
    assertAllowedName(name);
    if (!Object.prototype.hasOwnProperty.call(this.scope, name)) {
      const available = Object.keys(this.scope);
      const close = closestName(name, available);
      // The scope normally holds three names; a cap keeps messages short if a host passes more.
      const listed =
        available.length > 20 ? `${available.slice(0, 20).join(', ')}, ...` : available.join(', ') || '(none)';
      const hints = [close === null ? null : `did you mean "${close}"?`, `available: ${listed}`];
      throw new ExpressionError(`Unknown name "${name}"`, null, hints.filter((hint) => hint !== null).join(' '));
    }
    return toValue(readOwn(this.scope, name));
  }

  private binary(ast: BinaryAst, left: JsonValue, right: JsonValue): JsonValue {
    const op = ast.operator;
    switch (op) {
      case '==':
        return deepEqual(left, right, this.budget);
      case '!=':
        return !deepEqual(left, right, this.budget);
      case '+':
        if (typeof left === 'string' || typeof right === 'string') {
          const a = toText(left, this.budget);
          const b = toText(right, this.budget);
          this.budget.textLength(a.length + b.length);
          return this.budget.text(a + b);
        }
        if (typeof left === 'number' && typeof right === 'number') return finiteNumber(left + right);
        throw new ExpressionError(
          `Cannot add ${typeName(left)} and ${typeName(right)}`,
          null,
          'use concat() to join arrays',
        );
      case '<':
      case '<=':
      case '>':
      case '>=':
        return compare(op, left, right);
      case '-':
      case '*':
      case '/':
      case '%':
        return arithmetic(op, left, right);
      default:
        throw new ExpressionError('Malformed expression');
    }
  }
}

function compare(op: '<' | '<=' | '>' | '>=', left: JsonValue, right: JsonValue): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable)
    throw new ExpressionError(
      `Cannot compare ${typeName(left)} ${op} ${typeName(right)}`,
      null,
      'both sides must be numbers or both strings',
    );
  // Strings compare by UTF-16 code unit (not locale), so results are the same everywhere.
  const a = left as number | string;
  const b = right as number | string;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function arithmetic(op: '-' | '*' | '/' | '%', left: JsonValue, right: JsonValue): number {
  if (typeof left !== 'number' || typeof right !== 'number') {
    throw new ExpressionError(
      `Cannot apply "${op}" to ${typeName(left)} and ${typeName(right)}`,
      null,
      'both sides must be numbers',
    );
  }
  if ((op === '/' || op === '%') && right === 0) throw new ExpressionError('Division by zero');
  switch (op) {
    case '-':
      return finiteNumber(left - right);
    case '*':
      return finiteNumber(left * right);
    case '/':
      return finiteNumber(left / right);
    case '%':
      return finiteNumber(left % right);
  }
}
