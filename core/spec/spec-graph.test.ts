import { describe, expect, it } from 'vitest';
import {
  buildGraph,
  edgeTaken,
  enclosingLoops,
  failureHandled,
  loopDescendants,
  readableNodes,
  scopeNodes,
  taskKey,
  type SettledSource,
} from './spec-graph';

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

describe('loop scopes', () => {
  // fetch → outer (body: who → inner (body: line)), after
  const nodes = [
    { id: 'fetch' },
    { id: 'outer' },
    { id: 'who', loop: 'outer' },
    { id: 'inner', loop: 'outer' },
    { id: 'line', loop: 'inner' },
    { id: 'after' },
  ];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const graph = buildGraph(nodes, [
    ['fetch', 'outer'],
    ['who', 'inner'],
    ['outer', 'after'],
  ]);

  it('splits nodes into the top level and each body', () => {
    expect(scopeNodes(nodes, null).map((n) => n.id)).toEqual(['fetch', 'outer', 'after']);
    expect(scopeNodes(nodes, 'outer').map((n) => n.id)).toEqual(['who', 'inner']);
    expect(loopDescendants(nodes, 'outer').map((n) => n.id)).toEqual(['who', 'inner', 'line']);
  });

  it('names the loops around a node, innermost first, and stops at a cycle', () => {
    expect(enclosingLoops(byId, 'line')).toEqual(['inner', 'outer']);
    expect(enclosingLoops(byId, 'fetch')).toEqual([]);
    const cyclic = new Map([
      ['a', { id: 'a', loop: 'b' }],
      ['b', { id: 'b', loop: 'a' }],
    ]);
    expect(enclosingLoops(cyclic, 'a')).toEqual(['b', 'a']);
  });

  it('lets a body node read earlier nodes of its body and nodes before each loop around it', () => {
    expect([...readableNodes(graph, byId, 'line')].sort()).toEqual(['fetch', 'who']);
    expect([...readableNodes(graph, byId, 'after')].sort()).toEqual(['fetch', 'outer']);
  });

  it('keys a node’s row per item, outer index first', () => {
    expect(taskKey('send', [])).toBe('send');
    expect(taskKey('send', [3])).toBe('send[3]');
    expect(taskKey('line', [3, 12])).toBe('line[3][12]');
  });
});
