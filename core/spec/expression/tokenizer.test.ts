import { describe, expect, it } from 'vitest';
import { ExpressionError } from './expression-error';
import { tokenize } from './tokenizer';

const kinds = (source: string) =>
  tokenize(source).map((t) => (t.kind === 'end' ? 'end' : `${t.kind}:${String(t.value)}`));

describe('tokenize', () => {
  it('reads numbers with fraction and exponent', () => {
    expect(kinds('0 12 3.25 1e3 2.5E-2')).toEqual([
      'number:0',
      'number:12',
      'number:3.25',
      'number:1000',
      'number:0.025',
      'end',
    ]);
  });

  it('reads strings in both quotes with escapes', () => {
    const [token] = tokenize(String.raw`'a\'b\"c\\d\n\t\u0041' "x'y"`);
    expect(token).toMatchObject({ kind: 'string', value: 'a\'b"c\\d\n\tA', start: 0 });
    expect(tokenize(`"x'y"`)[0]).toMatchObject({ kind: 'string', value: "x'y" });
  });

  it('reads names and longest operators first', () => {
    expect(kinds('a_1 <= b && !c ?? d')).toEqual([
      'name:a_1',
      'punct:<=',
      'name:b',
      'punct:&&',
      'punct:!',
      'name:c',
      'punct:??',
      'name:d',
      'end',
    ]);
  });

  it('accepts === and !== as == and !=', () => {
    expect(kinds('a === b !== c')).toEqual(['name:a', 'punct:==', 'name:b', 'punct:!=', 'name:c', 'end']);
  });

  it('reads ?. as a plain dot', () => {
    expect(kinds('a?.b')).toEqual(['name:a', 'punct:.', 'name:b', 'end']);
  });

  it('records start and end offsets', () => {
    expect(tokenize('  ab + 1')).toEqual([
      { kind: 'name', value: 'ab', start: 2, end: 4 },
      { kind: 'punct', value: '+', start: 5, end: 6 },
      { kind: 'number', value: 1, start: 7, end: 8 },
      { kind: 'end', start: 8, end: 8 },
    ]);
  });

  it.each([
    ['"abc', 'Unterminated string', 0],
    ['x + "a\\q"', 'Invalid escape', 6],
    ['"\\u12"', 'Invalid \\u escape', 1],
    ['1e', 'exponent has no digits', 0],
    ['12abc', 'Invalid number', 0],
    ['1e999', 'Number is too large', 0],
    ['a = b', 'Unexpected "="', 2],
    ['a & b', 'Unexpected "&"', 2],
    ['a | b', 'Unexpected "|"', 2],
    ['a # b', 'Unexpected character "#"', 2],
    ['`x`', 'Unexpected "`"', 0],
  ])('refuses %j', (source, message, position) => {
    let error: unknown;
    try {
      tokenize(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as ExpressionError).message).toContain(message);
    expect((error as ExpressionError).position).toBe(position);
  });
});
