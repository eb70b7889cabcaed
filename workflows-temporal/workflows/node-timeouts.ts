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

/**
 * Whether a node's attempts run as local activities: in the worker, inside the workflow task,
 * recorded as one marker, with no round trip through the Temporal server (about 60 ms a node on
 * the dev server, and most of its CPU; decision 0007). For work that ends in seconds: transforms,
 * conditions, and HTTP calls whose timeout is the default 30 s or less. A worker that dies
 * mid-attempt is noticed when the workflow task times out (10 s), as a heartbeat would be.
 * Email, Sheets and LLM calls, and longer HTTP calls, stay regular activities: they heartbeat, are
 * visible as pending in the Temporal Web UI while they work, and mark their task running first.
 */
export function runsAsLocalActivity(node: SpecNode): boolean {
  switch (node.type) {
    case 'transform':
    case 'condition':
      return true;
    case 'http_request':
      return node.config.timeoutSeconds <= 30;
    default:
      return false;
  }
}
