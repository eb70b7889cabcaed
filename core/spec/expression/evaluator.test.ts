import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluator';
import { ExpressionError } from './expression-error';
import { evaluateExpression } from './index';
import { parseExpression } from './parser';

const scope = {
  trigger: {
    name: 'Ann',
    age: 41,
    tags: ['a', 'b'],
    nested: { deep: { value: 7 } },
    empty: '',
    zero: 0,
    nothing: null,
  },
  nodes: { fetch: { status: 200, body: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }] } },
  run: { id: 'run-1' },
};

const run = (source: string, s: Record<string, unknown> = scope) => evaluateExpression(source, s);

function failure(source: string, s: Record<string, unknown> = scope): ExpressionError {
  try {
    run(source, s);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('evaluate: literals and names', () => {
  it.each([
    ['42', 42],
    ['1.5e2', 150],
    ['"hi"', 'hi'],
    ["'it\\'s'", "it's"],
    ['true', true],
    ['false', false],
    ['null', null],
    ['[1, "a", [null]]', [1, 'a', [null]]],
    ['{ a: 1, "b c": { d: [2] } }', { a: 1, 'b c': { d: [2] } }],
  ])('%s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('reads scope names and members', () => {
    expect(run('trigger.name')).toBe('Ann');
    expect(run('trigger["name"]')).toBe('Ann');
    expect(run('trigger.tags[1]')).toBe('b');
    expect(run('trigger.tags["0"]')).toBe('a');
    expect(run('trigger.nested.deep.value')).toBe(7);
    expect(run('nodes.fetch.body[2].id')).toBe(3);
    expect(run('trigger.tags.length')).toBe(2);
    expect(run('trigger.name.length')).toBe(3);
  });

  it('gives null for missing properties and for members of null (null-safe access)', () => {
    expect(run('trigger.missing')).toBeNull();
    expect(run('trigger.missing.deeper.still')).toBeNull();
    expect(run('trigger.nothing.x')).toBeNull();
    expect(run('trigger.tags[5]')).toBeNull();
    expect(run('trigger.tags[-1]')).toBeNull();
    expect(run('trigger.tags[0.5]')).toBeNull();
    expect(run('trigger.tags.first')).toBeNull();
    expect(run('trigger.name.first')).toBeNull();
    expect(run('trigger.age.x')).toBeNull();
    expect(run('true.x')).toBeNull();
  });

  it('turns undefined in the scope into null', () => {
    expect(run('x', { x: undefined })).toBeNull();
    expect(run('x.y', { x: { y: undefined } })).toBeNull();
    expect(run('x[1]', { x: [1, undefined] })).toBeNull();
  });

  it('refuses unknown names, listing what is available', () => {
    const error = failure('foo + 1');
    expect(error.message).toBe('Unknown name "foo" at 0; available: trigger, nodes, run');
    expect(failure('trigerr.name').message).toContain('did you mean "trigger"?');
  });

  it('refuses keys that are not strings or numbers', () => {
    expect(failure('trigger[null]').message).toContain('Property key must be a string or a number');
    expect(failure('trigger[[1]]').message).toContain('not array');
  });

  it('accepts hand-built trees and evaluates them the same way', () => {
    expect(evaluate(parseExpression('1 + 2'), {})).toBe(3);
    expect(() => evaluate({ type: 'nonsense' } as never, {})).toThrow(ExpressionError);
  });
});

describe('evaluate: operators', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['2 - 5', -3],
    ['-trigger.age', -41],
    ['!true', false],
    ['!trigger.empty', true],
    ['"a" + "b"', 'ab'],
    ['"n=" + 1', 'n=1'],
    ['1 + "x"', '1x'],
    ['"v:" + null', 'v:'],
    ['"v:" + true', 'v:true'],
    ['"v:" + [1, {a: 2}]', 'v:[1,{"a":2}]'],
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 4', false],
    ['4 >= 5', false],
    ['"apple" < "banana"', true],
    ['"B" < "a"', true],
    ['1 == 1', true],
    ['1 == "1"', false],
    ['null == null', true],
    ['[1, [2]] == [1, [2]]', true],
    ['{a: 1, b: 2} == {b: 2, a: 1}', true],
    ['{a: 1} == {a: 1, b: null}', false],
    ['[1, 2] != [2, 1]', true],
    ['trigger.tags == ["a", "b"]', true],
    ['1 === 1', true],
  ])('%s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('&& and || return an operand, like JavaScript', () => {
    expect(run('trigger.name && trigger.age')).toBe(41);
    expect(run('trigger.empty && trigger.age')).toBe('');
    expect(run('trigger.missing || "default"')).toBe('default');
    expect(run('trigger.name || "default"')).toBe('Ann');
    expect(run('[] || "empty list is falsy"')).toBe('empty list is falsy');
    expect(run('{} && "empty object is truthy"')).toBe('empty object is truthy');
  });

  it('?? replaces only null', () => {
    expect(run('trigger.missing ?? 5')).toBe(5);
    expect(run('trigger.zero ?? 5')).toBe(0);
    expect(run('trigger.empty ?? 5')).toBe('');
  });

  it('short-circuits: the skipped side is never evaluated', () => {
    expect(run('false && 1 / 0')).toBe(false);
    expect(run('true || unknownName')).toBe(true);
    expect(run('1 ?? 1 / 0')).toBe(1);
    expect(run('true ? "yes" : 1 / 0')).toBe('yes');
    expect(run('0 ? 1 / 0 : "no"')).toBe('no');
  });

  it('treats null, false, 0, "" and [] as falsy', () => {
    for (const value of ['null', 'false', '0', '""', '[]']) expect(run(`${value} ? 1 : 2`)).toBe(2);
    for (const value of ['true', '1', '-1', '"0"', '"false"', '[0]', '{}']) expect(run(`${value} ? 1 : 2`)).toBe(1);
  });

  it("evaluates the brief's example condition", () => {
    expect(run('length(nodes.fetch.body) > 3 && nodes.fetch.status == 200')).toBe(true);
  });

  it.each([
    ['1 / 0', 'Division by zero'],
    ['1 % 0', 'Division by zero'],
    ['1e308 * 10', 'not a finite number'],
    ['1e308 + 1e308', 'not a finite number'],
    ['1 + null', 'Cannot add number and null'],
    ['[1] + [2]', 'Cannot add array and array'],
    ['true + 1', 'Cannot add boolean and number'],
    ['"a" - 1', 'Cannot apply "-" to string and number'],
    ['null * 2', 'Cannot apply "*"'],
    ['-"a"', 'Cannot negate string'],
    ['1 < "2"', 'Cannot compare number < string'],
    ['null > 1', 'Cannot compare null > number'],
    ['[1] <= [2]', 'Cannot compare array <= array'],
  ])('refuses %s', (source, message) => {
    expect(failure(source).message).toContain(message);
  });

  it('positions runtime errors at the failing sub-expression', () => {
    expect(failure('1 + (2 / 0)').position).toBe(5);
    expect(failure('[1, upper(2)]').position).toBe(4);
    expect(failure('trigger.name + missing').position).toBe(15);
  });

  it('never returns undefined or -0', () => {
    expect(run('x', { x: undefined })).toBeNull();
    expect(Object.is(run('-0'), 0)).toBe(true);
    expect(Object.is(run('0 * -1'), 0)).toBe(true);
  });

  it('builds objects as plain data properties', () => {
    const value = run('{ a: 1, a: 2 }') as Record<string, unknown>;
    expect(value).toEqual({ a: 2 });
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});
