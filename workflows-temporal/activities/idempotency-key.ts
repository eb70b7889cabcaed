import { createHash } from 'node:crypto';

/**
 * The key a node's outbound call carries so that a receiver applies it once however often the node
 * is attempted: the same on every attempt of one node in one run (and loop item), a new one in
 * another run, node or item.
 *
 * Derived rather than drawn and stored: an attempt repeated on another worker after a crash
 * computes it again, with nothing written before the call. The inputs are hashed as a JSON array,
 * with a loop item's indexes appended, so keys of nodes outside loops stay as they were. The
 * SHA-256 is cut to a version 8 UUID (RFC 9562, B.2): some receivers accept only UUIDs, some at
 * most 45 characters. It tells the receiver nothing it can reverse to the run or the node.
 */
export function idempotencyKey({
  runId,
  nodeId,
  path = [],
}: {
  runId: string;
  nodeId: string;
  /** In a loop body: the item, one index per loop around the node. */
  path?: readonly number[];
}): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(['idempotency-key', runId, nodeId, ...path]))
    .digest();
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x80, 6); // version 8
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8); // variant 10
  const hex = hash.toString('hex', 0, 16);
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}
