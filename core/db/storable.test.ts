import fc from 'fast-check';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/test-database';
import { createSequelize } from './sequelize';
import { MAX_JSON_DEPTH, storableJson, storableText, unstorableJson, withStorableText } from './storable';

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('storableText', () => {
  it('takes any valid Unicode, other control characters and paired surrogates included', () => {
    for (const text of ['', 'Invoices', 'tab\there\r\n', '\u0001\u001f\u007f', '😀 naïve 日本', '\uFFFF'])
      expect(storableText.safeParse(text).success, JSON.stringify(text)).toBe(true);
  });

  it.each([
    ['a NUL', 'a\u0000b', /NUL character/],
    ['a lone high surrogate', 'a\uD800b', /unpaired surrogate/],
    ['a lone low surrogate', '\uDC00', /unpaired surrogate/],
    ['a pair in the wrong order', '\uDE00\uD83D', /unpaired surrogate/],
    ['a high surrogate at the end', 'ok\uDBFF', /unpaired surrogate/],
  ])('refuses %s', (_, text, message) => {
    const result = storableText.safeParse(text);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it('chains with the usual checks', () => {
    const name = storableText.trim().min(1).max(5);
    expect(name.parse('  ab  ')).toBe('ab');
    expect(name.safeParse('toolong').success).toBe(false);
    expect(name.safeParse(' \u0000 ').error?.issues.map((issue) => issue.message)).toEqual([
      'must not contain the NUL character (U+0000)',
    ]);
  });
});

describe('unstorableJson and storableJson', () => {
  it('takes ordinary JSON', () => {
    expect(unstorableJson({ customer: 'ACME', items: [1, 2.5, null, true, { sku: '😀' }] })).toBeNull();
    expect(unstorableJson(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it('points at the string, key or number it cannot store, the first in the text', () => {
    expect(unstorableJson({ a: [{ b: 'ok' }, { c: 'x\u0000' }], z: '\uD800' })).toEqual({
      path: ['a', 1, 'c'],
      message: 'must not contain the NUL character (U+0000)',
    });
    expect(unstorableJson({ a: { 'k\u0000': 1 } })).toEqual({
      path: ['a'],
      message: 'must not have a key containing the NUL character (U+0000)',
    });
    expect(unstorableJson([1, Infinity])).toEqual({ path: [1], message: 'must be a finite number' });
    expect(unstorableJson(JSON.parse('{"n": -1e400}'))).toEqual({ path: ['n'], message: 'must be a finite number' });
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, even 100,000 of them, without overflowing the stack`, () => {
    expect(unstorableJson(nested(MAX_JSON_DEPTH + 1))?.message).toBe(
      `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep`,
    );
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(unstorableJson(deep)?.path).toHaveLength(MAX_JSON_DEPTH);
  });

  it('reports its path inside the field it checks', () => {
    const result = storableJson.safeParse({ items: [{ name: 'a\uDC00' }] });
    expect(result.error?.issues[0]).toMatchObject({ path: ['items', 0, 'name'], message: /unpaired surrogate/ });
  });
});

// The rule's oracle is PostgreSQL itself, reached the way the app reaches it (Sequelize bind
// parameters): text and jsonb must come back exactly as sent, or the schemas must refuse them.
describe('withStorableText', () => {
  it('replaces NULs and unpaired surrogates in strings and keys with U+FFFD, counting them', () => {
    const answer = { 'a\u0000b': ['x\uD800', 'ok 😀', { deep: '\uDC00\u0000' }], n: 1, t: true, z: null };
    const { value, replaced } = withStorableText(answer);
    expect(value).toEqual({ 'a\uFFFDb': ['x\uFFFD', 'ok 😀', { deep: '\uFFFD\uFFFD' }], n: 1, t: true, z: null });
    expect(replaced).toBe(4);
    expect(unstorableJson(value)).toBeNull();
    expect(answer['a\u0000b'][0]).toBe('x\uD800');
  });

  it('copies an answer nested far deeper than the call stack allows, keys in order', () => {
    let deep: unknown = { z: 'a\u0000', a: 1 };
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { level: deep };
    const { value, replaced } = withStorableText(deep);
    expect(replaced).toBe(1);
    let leaf = value as any;
    while (!('z' in leaf)) leaf = Array.isArray(leaf) ? leaf[0] : leaf.level;
    expect(Object.keys(leaf)).toEqual(['z', 'a']);
    expect(leaf.z).toBe('a\uFFFD');
  });

  it('returns a storable value itself, untouched', () => {
    const answer = { text: 'Grüße 😀', list: [1, 'two'] };
    expect(withStorableText(answer)).toEqual({ value: answer, replaced: 0 });
    expect(withStorableText(answer).value).toBe(answer);
  });
});

describe('agrees with PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let sequelize: Sequelize;
  beforeAll(async () => {
    database = await createTestDatabase();
    sequelize = createSequelize(database.url);
  });
  afterAll(async () => {
    await sequelize?.close();
    await database?.drop();
  });

  async function roundTrips(text: string): Promise<boolean> {
    const sent = { [text]: [text] };
    try {
      const [row] = await sequelize.query<{ t: string; j: unknown }>('SELECT $1::text AS t, $2::jsonb AS j', {
        bind: [text, JSON.stringify(sent)],
        type: QueryTypes.SELECT,
      });
      return row!.t === text && JSON.stringify(row!.j) === JSON.stringify(sent);
    } catch {
      return false;
    }
  }

  const risky = fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D\uDE00', 'a', 'é', '\\0');
  const text = fc.string({ unit: fc.oneof(risky, fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 6 });

  it('accepts exactly the text that comes back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const stored = await roundTrips(value);
        expect(storableText.safeParse(value).success, JSON.stringify(value)).toBe(stored);
        expect(storableJson.safeParse({ [value]: [value] }).success, JSON.stringify(value)).toBe(stored);
      }),
      { numRuns: 300 },
    );
  });
});
