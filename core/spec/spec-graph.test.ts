import { describe, expect, it } from 'vitest';
import { buildGraph, edgeTaken, failureHandled, type SettledSource } from './spec-graph';

const succeeded = (branch: string | null = null): SettledSource => ({ outcome: 'success', branch });
const failed = (onError?: 'fail' | 'continue'): SettledSource => ({ outcome: 'failed', branch: null, onError });

describe('edgeTaken', () => {
  it('takes an error edge only out of a node that failed', () => {
    expect(edgeTaken('error', failed())).toBe(true);
    expect(edgeTaken('error', succeeded())).toBe(false);
    expect(edgeTaken('error', { outcome: 'skipped', branch: null })).toBe(false);
  });

  it('takes other edges out of a success on their branch; unlabelled ones follow approval', () => {
    expect(edgeTaken(null, succeeded())).toBe(true);
    expect(edgeTaken('true', succeeded('true'))).toBe(true);
    expect(edgeTaken('false', succeeded('true'))).toBe(false);
    expect(edgeTaken(null, succeeded('rejected'))).toBe(false);
  });

  it('goes on along unlabelled edges after a failure only with onError "continue"', () => {
    expect(edgeTaken(null, failed())).toBe(false);
    expect(edgeTaken(null, failed('fail'))).toBe(false);
    expect(edgeTaken(null, failed('continue'))).toBe(true);
    expect(edgeTaken('true', failed('continue'))).toBe(false);
  });
});

describe('failureHandled', () => {
  const graph = buildGraph(
    [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
    [
      ['a', 'b', 'error'],
      ['b', 'c'],
    ],
  );
  it('holds for a node with an error edge or onError "continue", not otherwise', () => {
    expect(failureHandled(graph, { id: 'a' })).toBe(true);
    expect(failureHandled(graph, { id: 'b' })).toBe(false);
    expect(failureHandled(graph, { id: 'b', onError: 'continue' })).toBe(true);
    expect(failureHandled(graph, { id: 'c', onError: 'fail' })).toBe(false);
  });
});
