import { isGrpcServiceError, type Client } from '@temporalio/client';
import { AppError } from '../../core/errors/app-error';

/**
 * How long a request waits for Temporal before it is told Temporal is unavailable. Without a
 * deadline the SDK retries an unreachable server for about 20 s; with one, its retries stop at
 * the deadline (plus at most the retry delay already under way, a few seconds).
 */
export const TEMPORAL_CALL_TIMEOUT_MS = 5000;

/** gRPC's UNAVAILABLE: no connection to the server (refused, reset, or not established). */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/** Runs `call` (one or more requests through `client`) under the API's deadline for Temporal. */
export function withTemporalDeadline<T>(client: Client, call: () => Promise<T>, timeoutMs = TEMPORAL_CALL_TIMEOUT_MS) {
  return client.withDeadline(Date.now() + timeoutMs, call);
}

/**
 * A call that failed because of Temporal itself. `done: 'no'` when the request never reached it
 * (no connection): trying again is safe. `done: 'unknown'` when it went unanswered before the
 * deadline: Temporal may have carried it out all the same, so trying again blindly may do it twice.
 */
export interface TemporalTrouble {
  reason: string;
  done: 'no' | 'unknown';
}

/** What `error` says about Temporal, or null when it is another error (such as Temporal refusing the request). */
export function temporalTrouble(error: unknown): TemporalTrouble | null {
  const cause = error instanceof Error && isGrpcServiceError(error.cause) ? error.cause : error;
  if (!isGrpcServiceError(cause)) return null;
  if (cause.code === GRPC_UNAVAILABLE) return { reason: 'Temporal could not be reached', done: 'no' };
  if (cause.code !== GRPC_DEADLINE_EXCEEDED) return null;
  // The SDK retries a refused connection until the deadline, so a deadline alone does not say
  // whether the request went out. grpc-js names the peer (`remote_addr=`) in the deadline's
  // details once the call was sent on a connection; without it the call never left the client
  // (no connection, or one that never completed its HTTP/2 handshake).
  const sent = cause.details.includes('remote_addr=');
  const within = `within ${TEMPORAL_CALL_TIMEOUT_MS / 1000} s`;
  return sent
    ? { reason: `Temporal did not answer ${within}`, done: 'unknown' }
    : { reason: `Temporal could not be reached ${within}`, done: 'no' };
}

/** True for the SERVICE_UNAVAILABLE of a request Temporal may have carried out (see TemporalTrouble). */
export function mayHaveTakenEffect(error: unknown): boolean {
  return error instanceof AppError && error.details?.temporalDone === 'unknown';
}

/**
 * Runs `call` under the deadline; when Temporal is the trouble, throws SERVICE_UNAVAILABLE saying
 * whether `what` (e.g. "the cancellation") took effect, so the client can tell the person whether
 * to try again, instead of showing a generic failure. `details.temporalDone` says it to programs.
 */
export async function callTemporal<T>(client: Client, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await withTemporalDeadline(client, call);
  } catch (error) {
    const trouble = temporalTrouble(error);
    if (!trouble) throw error;
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      trouble.done === 'no'
        ? `${trouble.reason}, so ${what} did not take effect. Try again in a moment.`
        : `${trouble.reason}; ${what} may have taken effect all the same. Look again before retrying.`,
      { temporalDone: trouble.done },
    );
  }
}
