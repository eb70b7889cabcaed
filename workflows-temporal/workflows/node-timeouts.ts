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
