import { hasOutsideEffect, type OutsideEffectType } from '../../../../core/run/test-plan';
import { derivedSample } from '../../../../core/spec/derived-sample';
import type { SpecNode, WorkflowSpec } from '../../../../core/spec/spec.schema';

/** A node that takes a pin: one whose work happens outside the run (core/run/pins.ts). */
export type PinnableNode = Extract<SpecNode, { type: OutsideEffectType }>;

/** The nodes of `spec` that take pins, in the spec's order. */
export const pinnableNodes = (spec: WorkflowSpec | null): PinnableNode[] => spec?.nodes.filter(hasOutsideEffect) ?? [];

/** What each type outputs, in words for the editor's hint; the API checks the shape itself. */
export const outputShapes: Record<OutsideEffectType, string> = {
  http_request: '{"status": 200, "headers": {…}, "body": …}',
  send_email: '{"messageId": "…", "accepted": ["…"]}',
  google_sheets: '{"range": "…", "rows": [["…"]], "updatedRows": 0}',
  llm: '{"text": "…", "model": "…", "totalTokens": 0}',
};

/**
 * The text a pin editor starts from: the pin there is, else the sample a test would derive (what
 * later templates read of the node), else an output of the right shape to fill in.
 */
export function pinTemplate(spec: WorkflowSpec, node: PinnableNode, pinned: unknown): string {
  const value = pinned !== undefined ? pinned : (derivedSample(spec, node.id) ?? emptyOutput(node));
  return JSON.stringify(value, null, 2);
}

function emptyOutput(node: PinnableNode): unknown {
  switch (node.type) {
    case 'http_request':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: {} };
    case 'send_email':
      return { messageId: '<sample@example.test>', accepted: [] };
    case 'google_sheets':
      return { range: node.config.range, rows: [], updatedRows: 0 };
    case 'llm':
      return { text: '', model: node.config.model ?? 'sample', totalTokens: 0 };
  }
}
