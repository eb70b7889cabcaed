import type { SpecNode } from '../../core/spec/spec.schema';

/** How long one attempt of a node's activity may take before Temporal retries it elsewhere. */
export function nodeActivityTimeoutSeconds(node: SpecNode): number {
  switch (node.type) {
    case 'http_request':
      return node.config.timeoutSeconds + 15;
    case 'llm':
      return 180;
    case 'send_email':
    case 'google_sheets':
      return 60;
    default:
      return 30;
  }
}

/**
 * How long a node's attempt may go without a heartbeat (executeNode beats every fifth of this)
 * before Temporal counts it lost and retries it: what bounds recovery from a dead worker, where
 * start-to-close would wait up to three minutes. Not shorter, because an attempt whose worker is
 * only stalled (a busy machine, a long garbage collection) would then be retried while it still
 * runs, repeating its side effect; a restarted worker takes seconds to start anyway.
 */
export const nodeHeartbeatTimeoutSeconds = 10;
