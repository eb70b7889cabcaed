import { describe, expect, it } from 'vitest';
import { ExpressionError } from './expression-error';
import { expressionFunctions } from './functions';
import { evaluateExpression } from './index';

const scope = {
  trigger: {
    text: '  Hello World  ',
    users: [
      { name: 'ann', role: 'admin', age: 41 },
      { name: 'bob', role: 'user', age: 29 },
      { name: 'cy', role: 'admin' },
    ],
    numbers: [3, 1, 2],
    obj: { b: 2, a: 1 },
  },
};

const run = (source: string) => evaluateExpression(source, scope);

function failure(source: string): ExpressionError {
  try {
    run(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('functions', () => {
  it.each([
    // text
    ['length("abc")', 3],
    ['length([1, 2])', 2],
    ['length({a: 1, b: 2})', 2],
    ['upper("abc")', 'ABC'],
    ['lower("AbC")', 'abc'],
    ['trim(trigger.text)', 'Hello World'],
    ['contains("hello", "ell")', true],
    ['contains("hello", "xyz")', false],
    ['contains([1, {a: [2]}], {a: [2]})', true],
    ['contains([1, 2], "1")', false],
    ['startsWith("hello", "he")', true],
    ['endsWith("hello", "lo")', true],
    ['replace("a-b-c", "-", "+")', 'a+b+c'],
    ['replace("aaa", "a", "aa")', 'aaaaaa'],
    ['replace("x", "$&", "y")', 'x'],
    ['replace("a.b", ".", "$&$&")', 'a$&$&b'],
    ['split("a,b,,c", ",")', ['a', 'b', '', 'c']],
    ['split("abc", "")', ['a', 'b', 'c']],
    ['join(["a", 1, true, null, [2]], "|")', 'a|1|true||[2]'],
    ['join([], ",")', ''],
    ['slice("abcdef", 1, 3)', 'bc'],
    ['slice("abcdef", -2)', 'ef'],
    ['slice([1, 2, 3, 4], 1)', [2, 3, 4]],
    ['slice([1, 2, 3, 4], -3, -1)', [2, 3]],
    ['slice([1, 2, 3], 5)', []],
    ['slice([1, 2, 3], 0, null)', [1, 2, 3]],
    // lists and objects
    ['concat([1], [2, 3], [])', [1, 2, 3]],
    ['concat([1])', [1]],
    ['keys(trigger.obj)', ['b', 'a']],
    ['values(trigger.obj)', [2, 1]],
    ['first([7, 8])', 7],
    ['first([])', null],
    ['last([7, 8])', 8],
    ['last([])', null],
    ['count([1, 2, 3])', 3],
    ['pluck(trigger.users, "name")', ['ann', 'bob', 'cy']],
    ['pluck(trigger.users, "age")', [41, 29, null]],
    ['pluck(where(trigger.users, "role", "admin"), "name")', ['ann', 'cy']],
    ['where([{a: [1]}, {a: [2]}, 3], "a", [2])', [{ a: [2] }]],
    ['unique([1, "1", 1, {a: 1, b: 2}, {b: 2, a: 1}, [1], [1]])', [1, '1', { a: 1, b: 2 }, [1]]],
    ['sort(trigger.numbers)', [1, 2, 3]],
    ['sort(["b", "a", "C"])', ['C', 'a', 'b']],
    ['sort([2, null, 1])', [1, 2, null]],
    ['pluck(sort(trigger.users, "age"), "name")', ['bob', 'ann', 'cy']],
    ['reverse([1, 2, 3])', [3, 2, 1]],
    // numbers
    ['sum([1, 2, 3.5])', 6.5],
    ['sum([])', 0],
    ['avg([1, 2, 3, 4])', 2.5],
    ['avg([])', null],
    ['min([3, 1, 2])', 1],
    ['max([3, 1, 2])', 3],
    ['min(["b", "a"])', 'a'],
    ['max([])', null],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(1.005, 2)', 1.01],
    ['round(1234.5678, 2)', 1234.57],
    ['round(1250, -2)', 1300],
    ['round(1e-7, 2)', 0],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['abs(-3)', 3],
    ['formatNumber(1234567.891, 2)', '1,234,567.89'],
    ['formatNumber(-1234.5, 0)', '-1,235'],
    ['formatNumber(0.5, 3)', '0.500'],
    ['formatNumber(-0.001, 2)', '0.00'],
    ['formatNumber(999.995, 2)', '1,000.00'],
    // conversion
    ['number("42")', 42],
    ['number(" -1.5e3 ")', -1500],
    ['number(7)', 7],
    ['string(null)', ''],
    ['string(12)', '12'],
    ['string(false)', 'false'],
    ['string([1, {a: "x"}])', '[1,{"a":"x"}]'],
    ['boolean("")', false],
    ['boolean("false")', true],
    ['boolean([])', false],
    ['boolean({})', true],
    ['json("a")', '"a"'],
    ['json(null)', 'null'],
    ['json({a: [1, null], b: "x"})', '{"a":[1,null],"b":"x"}'],
    ['parseJson("{\\"a\\": [1, 2]}").a[1]', 2],
    ['parseJson("null")', null],
    ['default(null, "x")', 'x'],
    ['default("", "x")', 'x'],
    ['default(0, "x")', 0],
    ['default(trigger.missing, [])', []],
    ['type(null)', 'null'],
    ['type([])', 'array'],
    ['type({})', 'object'],
    ['type("")', 'string'],
  ])('%s', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it.each([
    ['upper(1)', 'upper(): argument 1 (text) must be a string, got number at 0; expected upper(text: string): string'],
    ['upper("a", "b")', 'upper(): takes 1 argument, got 2 at 0; expected upper(text: string): string'],
    ['replace("a")', 'replace(): takes 3 arguments, got 1'],
    ['slice("a")', 'slice(): takes 2 to 3 arguments, got 1'],
    ['concat()', 'concat(): takes at least 1 argument, got 0'],
    ['length(5)', 'length(): argument 1 (value) must be a string, an array or an object, got number'],
    ['contains(null, "a")', 'contains(): argument 1 (haystack) must be a string or an array, got null'],
    ['contains("abc", 1)', 'argument 2 (needle) must be a string'],
    ['replace("abc", "", "x")', 'must not be empty'],
    ['join("abc", ",")', 'argument 1 (list) must be an array'],
    ['slice([1], 0.5)', 'argument 2 (start) must be a whole number'],
    ['concat([1], "x")', 'argument 2 (list 2) must be an array'],
    ['keys([1])', 'argument 1 (object) must be an object, got array'],
    ['sum([1, "2"])', 'sum(): item 1 is string, not a number'],
    ['min([1, "2"])', 'cannot compare a mix of numbers and strings'],
    ['sort([1, "2"])', 'cannot sort a mix of numbers and strings'],
    ['sort([[1]])', 'only numbers or strings can be sorted'],
    ['round(1, 0.5)', 'argument 2 (digits) must be a whole number'],
    ['round(1, 99)', 'argument 2 (digits) must be between -20 and 20'],
    ['formatNumber(1, -1)', 'between 0 and 20'],
    ['number("12abc")', 'number(): "12abc" is not a number'],
    ['number("")', 'is not a number'],
    ['number(true)', 'must be a number or a string, got boolean'],
    ['number("1e999")', 'too large'],
    ['parseJson("{nope")', 'parseJson(): argument 1 (text) is not valid JSON'],
    ['sum([1e308, 1e308])', 'not a finite number'],
  ])('refuses %s', (source, message) => {
    expect(failure(source).message).toContain(message);
  });

  it('lists every function once with a signature and a short description', () => {
    const names = expressionFunctions.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const required of [
      'length',
      'upper',
      'lower',
      'trim',
      'contains',
      'startsWith',
      'endsWith',
      'replace',
      'split',
      'join',
      'slice',
      'concat',
      'keys',
      'values',
      'first',
      'last',
      'pluck',
      'where',
      'sum',
      'min',
      'max',
      'avg',
      'round',
      'floor',
      'ceil',
      'abs',
      'number',
      'string',
      'boolean',
      'json',
      'parseJson',
      'default',
      'formatNumber',
      'unique',
      'sort',
      'count',
    ]) {
      expect(names).toContain(required);
    }
    for (const f of expressionFunctions) {
      expect(f.signature.startsWith(`${f.name}(`)).toBe(true);
      expect(f.description.length).toBeGreaterThan(10);
      expect(f.description.length).toBeLessThanOrEqual(120);
    }
    expect(Object.isFrozen(expressionFunctions)).toBe(true);
  });

  it('copies instead of changing its inputs', () => {
    const list = [3, 1, 2];
    expect(evaluateExpression('sort(list)', { list })).toEqual([1, 2, 3]);
    expect(evaluateExpression('reverse(list)', { list })).toEqual([2, 1, 3]);
    expect(list).toEqual([3, 1, 2]);
  });
});
