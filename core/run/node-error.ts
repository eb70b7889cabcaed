import { ApplicationFailure } from '@temporalio/common';
import { OutboundBlockedError, OutboundHttpError } from '../connectors/outbound/outbound-error';

/**
 * A node's failure, classified once where it is understood: `retryable: false` for what retrying
 * cannot fix (a 4xx answer, an invalid config, a bad template), so Temporal stops at once.
 * Messages are shown to people and stored in `tasks.logs`: never put a secret in one.
 */
export class NodeError extends Error {
  override name = 'NodeError';

  constructor(
    message: string,
    readonly type: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Any thrown value as a NodeError; unknown errors are retryable (the network, a crash). */
export function asNodeError(error: unknown): NodeError {
  if (error instanceof NodeError) return error;
  if (error instanceof ApplicationFailure)
    return new NodeError(error.message, error.type ?? 'Error', !error.nonRetryable);
  return new NodeError(
    error instanceof Error ? error.message : String(error),
    error instanceof Error ? error.name : 'Error',
    true,
  );
}

export function toApplicationFailure(error: NodeError): ApplicationFailure {
  return error.retryable
    ? ApplicationFailure.retryable(error.message, error.type)
    : ApplicationFailure.nonRetryable(error.message, error.type);
}

/** safeFetch's errors as NodeErrors (a refused address stays refused; timeouts and network errors are retried); null for any other error. */
export function outboundNodeError(error: unknown): NodeError | null {
  if (error instanceof OutboundBlockedError) return new NodeError(error.message, 'OutboundBlocked', false);
  if (error instanceof OutboundHttpError)
    return new NodeError(error.message, `Outbound:${error.kind}`, error.kind === 'timeout' || error.kind === 'network');
  return null;
}
