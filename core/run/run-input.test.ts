import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../db/storable';
import { parseRunInput, runInputSchema } from './run-input';

describe('runInputSchema', () => {
  it.each([null, [], [{ a: 1 }], 1, 's', true])('refuses %j: a run input is an object', (value) => {
    expect(runInputSchema.safeParse(value).error?.issues[0]?.message).toBe(
      'must be a JSON object, such as {"customer": "ACME"}',
    );
  });

  it('takes an object PostgreSQL can store', () => {
    expect(runInputSchema.parse({ customer: 'ACME', lines: [{ sku: 'A-1' }] })).toEqual({
      customer: 'ACME',
      lines: [{ sku: 'A-1' }],
    });
  });
});

describe('parseRunInput', () => {
  it('reads empty text as no input, {}', () => {
    expect(parseRunInput('', 'The body')).toEqual({ input: {} });
    expect(parseRunInput(' \n', 'The body')).toEqual({ input: {} });
  });

  it.each([
    ['{"customer": ', /^The body is not valid JSON: .+\.$/],
    ['null', /^The body must be a JSON object, such as \{"customer": "ACME"\}\.$/],
    ['"s"', /^The body must be a JSON object/],
    [
      '{"customer": {"name": "A\\u0000"}}',
      /^The body at customer\.name must not contain the NUL character \(U\+0000\)\.$/,
    ],
    ['{"a": ["\\ud800"]}', /^The body at a\.0 must not contain an unpaired surrogate/],
    [`{"a": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, new RegExp(`more than ${MAX_JSON_DEPTH} levels deep\\.$`)],
  ])('refuses %s, saying where', (text, problem) => {
    const result = parseRunInput(text, 'The body');
    expect('problem' in result && result.problem).toMatch(problem);
  });
});
