import { describe, expect, it } from 'vitest';
import { jsonSizeUpTo } from './json-size';

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('jsonSizeUpTo', () => {
  it.each([
    ['a string with multi-byte text', 'Grüße, 世界'],
    ['numbers, booleans and null', [1, -2.5, 1e21, true, false, null]],
    ['nested objects and arrays', { a: [{ b: 'c' }, [], {}], ключ: { d: [1, [2, [3]]] } }],
    ['empty containers', [[], {}, '']],
  ])('matches JSON.stringify for %s', (_, value) => {
    expect(jsonSizeUpTo(value, Infinity)).toBe(jsonBytes(value));
  });

  it('stops soon after the limit when one large value is repeated, without serialising it', () => {
    const mebibyte = 'x'.repeat(1024 * 1024);
    const amplified = { fields: Array.from({ length: 5000 }, () => [mebibyte, mebibyte]) };
    const size = jsonSizeUpTo(amplified, 4 * 1024 * 1024);
    expect(size).toBeGreaterThan(4 * 1024 * 1024);
    expect(size).toBeLessThan(6 * 1024 * 1024);
  });

  it('walks a value nested far deeper than the call stack allows', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(jsonSizeUpTo(deep, Infinity)).toBe(200_000 * 2 + '"leaf"'.length);
  });
});
