import { describe, expect, it } from 'vitest';
import { idempotencyKey } from './idempotency-key';

const runId = '0b6f1c1e-5d43-4c1f-9a57-2f1e8f0c7a10';

describe('idempotencyKey', () => {
  it('keeps the key a node of a run has always had', () => {
    // Pinned: a receiver compares keys across a deploy, and a later input (a loop item's index)
    // must leave the keys of other nodes as they were. Python's hashlib and uuid agree on this value.
    expect(idempotencyKey({ runId, nodeId: 'charge' })).toBe('9331b1ef-1655-8f43-a49a-4407e6feec48');
  });

  it('is a version 8 UUID', () => {
    expect(idempotencyKey({ runId, nodeId: 'charge' })).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('differs by run and by node', () => {
    const keys = [
      idempotencyKey({ runId, nodeId: 'charge' }),
      idempotencyKey({ runId, nodeId: 'refund' }),
      idempotencyKey({ runId: '5e0f3a2b-8c71-4d9e-b6a4-1f2c3d4e5f60', nodeId: 'charge' }),
    ];
    expect(new Set(keys).size).toBe(3);
  });

  it('differs by loop item, and outside loops is the key it always was', () => {
    expect(idempotencyKey({ runId, nodeId: 'charge', path: [] })).toBe(idempotencyKey({ runId, nodeId: 'charge' }));
    const keys = [[0], [1], [1, 0], [0, 1]].map((path) => idempotencyKey({ runId, nodeId: 'charge', path }));
    expect(new Set([...keys, idempotencyKey({ runId, nodeId: 'charge' })]).size).toBe(5);
    expect(idempotencyKey({ runId, nodeId: 'charge', path: [1, 0] })).toBe(keys[2]);
  });
});
