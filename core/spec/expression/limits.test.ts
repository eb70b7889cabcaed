import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluator';
import { ExpressionError } from './expression-error';
import { evaluateExpression } from './index';
import { defaultLimits, type ExpressionLimits } from './limits';
import { parseExpression } from './parser';
import { renderDeep, renderTemplate } from './template';

function failure(action: () => unknown): ExpressionError {
  try {
    action();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

const withLimits = (overrides: Partial<ExpressionLimits>): ExpressionLimits => ({ ...defaultLimits, ...overrides });

describe('limits', () => {
  it('has the documented defaults', () => {
    expect(defaultLimits).toEqual({
      maxSourceLength: 4000,
      maxDepth: 64,
      maxSteps: 20_000,
      maxStringLength: 1_000_000,
      maxCollectionSize: 10_000,
    });
    expect(Object.isFrozen(defaultLimits)).toBe(true);
  });

  it('refuses sources over maxSourceLength', () => {
    expect(() => parseExpression('a'.repeat(4000))).not.toThrow();
    expect(failure(() => parseExpression('a'.repeat(4001))).message).toContain('Expression too long');
  });

  it('refuses parentheses nested deeper than maxDepth', () => {
    expect(parseExpression(`${'('.repeat(60)}1${')'.repeat(60)}`)).toMatchObject({ type: 'literal', value: 1 });
    expect(failure(() => parseExpression(`${'('.repeat(100)}1${')'.repeat(100)}`)).message).toContain(
      'nested too deeply',
    );
  });

  it('ends hostile nesting with an ExpressionError, not a stack overflow', () => {
    const huge = withLimits({ maxSourceLength: 1_000_000 });
    for (const source of [
      `${'('.repeat(100_000)}1${')'.repeat(100_000)}`,
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `${'{a:'.repeat(50_000)}1${'}'.repeat(50_000)}`,
      `${'-'.repeat(100_000)}1`,
      `${'upper('.repeat(50_000)}"x"${')'.repeat(50_000)}`,
      `a${'.b'.repeat(100_000)}`,
      Array.from({ length: 100_000 }, () => '1').join('+'),
      `${'a ? '.repeat(50_000)}1${' : 2'.repeat(50_000)}`,
    ]) {
      expect(failure(() => parseExpression(source, huge)).message).toMatch(/nested too deeply/);
    }
  });

  it('bounds the depth of the tree, not only of recursion', () => {
    expect(failure(() => parseExpression(Array.from({ length: 70 }, () => '1').join(' + '))).message).toContain(
      'nested too deeply',
    );
    expect(evaluateExpression(Array.from({ length: 60 }, () => '1').join(' + '), {})).toBe(60);
  });

  it('stops evaluation past maxSteps (sum over a 1e6-item list in scope)', () => {
    const list = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(failure(() => evaluateExpression('sum(list)', { list })).message).toContain('Expression too expensive');
    expect(evaluateExpression('sum(list)', { list: list.slice(0, 1000) })).toBe(499500);
    expect(evaluateExpression('length(list)', { list })).toBe(1_000_000);
  });

  it('counts every syntax node visited', () => {
    const ast = parseExpression('1 + 2 + 3');
    expect(evaluate(ast, {}, withLimits({ maxSteps: 5 }))).toBe(6);
    expect(failure(() => evaluate(ast, {}, withLimits({ maxSteps: 4 }))).message).toContain('Expression too expensive');
  });

  it('counts items handled by functions and by deep equality', () => {
    const list = Array.from({ length: 8000 }, (_, i) => ({ i, j: i }));
    expect(failure(() => evaluateExpression('unique(list)', { list })).message).toContain('Expression too expensive');
    expect(
      failure(() => evaluateExpression('list == list2', { list, list2: structuredClone(list) })).message,
    ).toContain('Expression too expensive');
  });

  it('shares one step budget across the expressions of a template', () => {
    const template = Array.from({ length: 8000 }, () => '{{ 1 + 1 }}').join(' ');
    expect(failure(() => renderTemplate(template, {})).message).toContain('Expression too expensive');
  });

  it('refuses strings longer than maxStringLength (a huge join)', () => {
    const list = Array.from({ length: 10_000 }, () => 'x'.repeat(200));
    expect(failure(() => evaluateExpression('join(list, ",")', { list })).message).toContain('String too long');
    const big = 'y'.repeat(600_000);
    expect(failure(() => evaluateExpression('big + big', { big })).message).toContain('String too long');
    expect(
      failure(() =>
        evaluateExpression('replace(small, "y", long)', { small: 'y'.repeat(100), long: 'z'.repeat(20_000) }),
      ).message,
    ).toContain('String too long');
    expect(failure(() => evaluateExpression('replace(big, "y", "z")', { big })).message).toContain(
      'Expression too expensive',
    );
    expect(failure(() => renderTemplate('{{ big }}{{ big }}', { big })).message).toContain('String too long');
    expect(failure(() => evaluateExpression('json(list)', { list: [big, big] })).message).toContain('String too long');
  });

  it('charges steps for long strings produced', () => {
    const big = 'y'.repeat(900_000);
    const twice = withLimits({ maxSteps: 1000 });
    expect(evaluateExpression('length(upper(big))', { big }, twice)).toBe(900_000);
    expect(
      failure(() => evaluateExpression('length(upper(big)) + length(upper(big))', { big }, twice)).message,
    ).toContain('Expression too expensive');
  });

  it('refuses collections larger than maxCollectionSize', () => {
    const list = Array.from({ length: 6000 }, (_, i) => i);
    expect(failure(() => evaluateExpression('concat(list, list)', { list })).message).toContain('Collection too large');
    expect(failure(() => evaluateExpression('split(text, ",")', { text: ','.repeat(20_000) })).message).toContain(
      'Collection too large',
    );
    expect(failure(() => evaluateExpression('[1, 2, 3]', {}, withLimits({ maxCollectionSize: 2 }))).message).toContain(
      'Collection too large',
    );
    expect(
      failure(() => evaluateExpression('{a: 1, b: 2, c: 3}', {}, withLimits({ maxCollectionSize: 2 }))).message,
    ).toContain('Collection too large');
    const json = `[${Array.from({ length: 10_001 }, () => '0').join(',')}]`;
    expect(failure(() => evaluateExpression('parseJson(json)', { json })).message).toContain('Collection too large');
  });

  it('bounds the depth of data walked by json(), == and parseJson()', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 100; i++) cursor = cursor.next = {} as Record<string, unknown>;
    expect(failure(() => evaluateExpression('json(deep)', { deep })).message).toContain('Nested too deeply');
    expect(
      failure(() => evaluateExpression('deep == other', { deep, other: structuredClone(deep) })).message,
    ).toContain('Nested too deeply');
    expect(
      failure(() => evaluateExpression('parseJson(text)', { text: `${'['.repeat(100)}${']'.repeat(100)}` })).message,
    ).toContain('Nested too deeply');
  });

  it('ends cycles in scope data with an ExpressionError', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(failure(() => evaluateExpression('json(x)', { x: cyclic })).message).toContain('Nested too deeply');
    expect(failure(() => renderTemplate('x={{ x }}', { x: cyclic })).message).toContain('Nested too deeply');
    expect(failure(() => renderDeep(cyclic, {})).message).toContain('Nested too deeply');
  });

  it('bounds renderDeep by collection size and nesting', () => {
    expect(failure(() => renderDeep({ list: Array.from({ length: 10_001 }, () => 1) }, {})).message).toContain(
      'Collection too large',
    );
    let nested: unknown = 'leaf';
    for (let i = 0; i < 100; i++) nested = [nested];
    expect(failure(() => renderDeep(nested, {})).message).toContain('Nested too deeply');
  });
});
