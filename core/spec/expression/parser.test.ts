import { describe, expect, it } from 'vitest';
import { ExpressionError } from './expression-error';
import { parseExpression } from './parser';

/** The AST as compact text, for readable expectations. */
function show(source: string): string {
  const print = (ast: ReturnType<typeof parseExpression>): string => {
    switch (ast.type) {
      case 'literal':
        return JSON.stringify(ast.value);
      case 'identifier':
        return ast.name;
      case 'member':
        return ast.computed
          ? `${print(ast.object)}[${print(ast.property)}]`
          : `${print(ast.object)}.${String(ast.property.type === 'literal' ? ast.property.value : '?')}`;
      case 'array':
        return `[${ast.elements.map(print).join(', ')}]`;
      case 'object':
        return `{${ast.entries.map((e) => `${e.key}: ${print(e.value)}`).join(', ')}}`;
      case 'unary':
        return `(${ast.operator}${print(ast.argument)})`;
      case 'binary':
      case 'logical':
        return `(${print(ast.left)} ${ast.operator} ${print(ast.right)})`;
      case 'conditional':
        return `(${print(ast.test)} ? ${print(ast.consequent)} : ${print(ast.alternate)})`;
      case 'call':
        return `${ast.callee}(${ast.args.map(print).join(', ')})`;
    }
  };
  return print(parseExpression(source));
}

function parseError(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('parseExpression', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['(1 + 2) * 3', '((1 + 2) * 3)'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['a < b == c > d', '((a < b) == (c > d))'],
    ['a || b && c', '(a || (b && c))'],
    ['a ?? b || c', '(a ?? (b || c))'],
    ['!a && -b', '((!a) && (-b))'],
    ['--a', '(-(-a))'],
    ['a ? b : c ? d : e', '(a ? b : (c ? d : e))'],
    ['a ? b ? 1 : 2 : 3', '(a ? (b ? 1 : 2) : 3)'],
    ['x % 2 == 0', '((x % 2) == 0)'],
  ])('respects precedence: %s', (source, expected) => {
    expect(show(source)).toBe(expected);
  });

  it('parses literals, arrays and objects (trailing commas allowed)', () => {
    expect(show('[1, "two", true, false, null,]')).toBe('[1, "two", true, false, null]');
    expect(show('{ a: 1, "b c": [2], 3: x, }')).toBe('{a: 1, b c: [2], 3: x}');
    expect(show('[]')).toBe('[]');
    expect(show('{}')).toBe('{}');
  });

  it('parses member chains with dots, brackets and optional dots', () => {
    expect(show('nodes.fetch.body[0]["x y"]')).toBe('nodes.fetch.body[0]["x y"]');
    expect(show('a?.b')).toBe('a.b');
    expect(show('a.true.null')).toBe('a.true.null');
  });

  it('parses calls of listed functions with any arguments', () => {
    expect(show('upper(trigger.name)')).toBe('upper(trigger.name)');
    expect(show('concat([1], [2], [3])')).toBe('concat([1], [2], [3])');
    expect(show('length(x) > 3')).toBe('(length(x) > 3)');
  });

  it('keeps source offsets on every node', () => {
    const ast = parseExpression('  a + b.c');
    expect(ast).toMatchObject({
      type: 'binary',
      start: 2,
      end: 9,
      left: { start: 2, end: 3 },
      right: { start: 6, end: 9 },
    });
  });

  it('produces a JSON-compatible tree', () => {
    const ast = parseExpression('upper(a.b[0]) + "x"');
    expect(JSON.parse(JSON.stringify(ast))).toEqual(ast);
  });

  it.each([
    ['', 'Empty expression', 0],
    ['1 +', 'Unexpected end of expression', 3],
    ['(1 + 2', 'expected ")"', 6],
    ['1 2', 'expected the end of the expression', 2],
    ['a.', 'expected a property name', 2],
    ['a.0', 'write [0] to index', 2],
    ['[1, 2', 'expected "]"', 5],
    ['{a 1}', 'expected ":"', 3],
    ['{[a]: 1}', 'expected a key', 1],
    ['a ? b', 'expected ":"', 5],
    [')', 'Unexpected ")"', 0],
    ['lenght(x)', 'Unknown function "lenght" at 0; did you mean "length"?', 0],
    ['frobnicate(x)', 'Unknown function "frobnicate"', 0],
    ['x.upper()', 'only listed functions can be called', 7],
    ['(upper)(x)', 'only listed functions can be called', 7],
    ['upper(x)(y)', 'only listed functions can be called', 8],
  ])('refuses %j', (source, message, position) => {
    const error = parseError(source);
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
  });

  it('suggests no function when nothing is close', () => {
    expect(parseError('frobnicate(x)').hint).toBeNull();
  });
});
