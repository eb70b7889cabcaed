import { describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../core/db/enums';
import type { Edge } from '../../core/spec/spec.schema';
import { finalNodeId } from './run-result.service';

/** Nodes named by their ids only: finalNodeId reads ids, loop membership and edges. */
const spec = (ids: string[], edges: Edge[], loops: Record<string, string> = {}) => ({
  nodes: ids.map((id) => ({ id, ...(loops[id] ? { loop: loops[id] } : {}) })) as never,
  edges,
});
/** Tasks that ended in the order given, one second apart. */
const ended = (...tasks: Array<[string, TaskStatus]>) =>
  tasks.map(([nodeId, status], i) => ({ nodeId, status, finishedAt: new Date(1_000 * (i + 1)) }));

describe('finalNodeId', () => {
  it('is the last node of a straight line', () => {
    expect(finalNodeId(spec(['a', 'b'], [['a', 'b']]), ended(['a', 'success'], ['b', 'success']))).toBe('b');
  });

  it('is the end of the branch taken, not a skipped one', () => {
    const branching = spec(
      ['check', 'yes', 'no'],
      [
        ['check', 'yes', 'true'],
        ['check', 'no', 'false'],
      ],
    );
    expect(finalNodeId(branching, ended(['check', 'success'], ['no', 'success'], ['yes', 'skipped']))).toBe('no');
  });

  it('is the branch that ended last when branches run in parallel', () => {
    const parallel = spec(
      ['start', 'left', 'right'],
      [
        ['start', 'left'],
        ['start', 'right'],
      ],
    );
    expect(finalNodeId(parallel, ended(['start', 'success'], ['right', 'success'], ['left', 'success']))).toBe('left');
  });

  it('is the end of the error route after a handled failure', () => {
    const routed = spec(
      ['call', 'after', 'handle'],
      [
        ['call', 'after'],
        ['call', 'handle', 'error'],
      ],
    );
    expect(finalNodeId(routed, ended(['call', 'failed'], ['handle', 'success'], ['after', 'skipped']))).toBe('handle');
  });

  it('is a node whose successor failed no more: none when nothing after it succeeded', () => {
    expect(finalNodeId(spec(['a', 'b'], [['a', 'b']]), ended(['a', 'success'], ['b', 'failed']))).toBeNull();
  });

  it("leaves a loop's body nodes to the loop", () => {
    const looping = spec(['each', 'send'], [], { send: 'each' });
    expect(finalNodeId(looping, ended(['each', 'success'], ['send', 'success']))).toBe('each');
  });
});
