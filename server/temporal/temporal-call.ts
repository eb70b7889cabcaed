import { isGrpcDeadlineError, isGrpcServiceError, type Client } from '@temporalio/client';
import { AppError } from '../../core/errors/app-error';

/**
 * How long a request waits for Temporal before it is told Temporal is unavailable. Without a
 * deadline the SDK retries an unreachable server for about 20 s; with one, its retries stop at
 * the deadline (plus at most the retry delay already under way, a few seconds).
 */
export const TEMPORAL_CALL_TIMEOUT_MS = 5000;

/** gRPC's UNAVAILABLE: no connection to the server (refused, reset, or not established). */
const GRPC_UNAVAILABLE = 14;

/** Runs `call` (one or more requests through `client`) under the API's deadline for Temporal. */
export function withTemporalDeadline<T>(client: Client, call: () => Promise<T>): Promise<T> {
  return client.withDeadline(Date.now() + TEMPORAL_CALL_TIMEOUT_MS, call);
}

/**
 * Why Temporal could not be reached, when that is what `error` says (no connection, or no answer
 * before the deadline); null for any other error, such as Temporal refusing the request.
 */
export function temporalUnavailableReason(error: unknown): string | null {
  if (isGrpcDeadlineError(error)) return `Temporal could not be reached within ${TEMPORAL_CALL_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error && isGrpcServiceError(error.cause) ? error.cause : error;
  return isGrpcServiceError(cause) && cause.code === GRPC_UNAVAILABLE ? 'Temporal could not be reached' : null;
}

/**
 * Runs `call` under the deadline; when Temporal cannot be reached, throws SERVICE_UNAVAILABLE
 * saying what did not happen (`notDone`, e.g. "the run was not cancelled"), so the client can
 * tell the person to try again instead of showing a generic failure.
 */
export async function callTemporal<T>(client: Client, notDone: string, call: () => Promise<T>): Promise<T> {
  try {
    return await withTemporalDeadline(client, call);
  } catch (error) {
    const reason = temporalUnavailableReason(error);
    if (reason) throw new AppError('SERVICE_UNAVAILABLE', `${reason}, so ${notDone}. Try again in a moment.`);
    throw error;
  }
}
