/** Stable error codes the API returns; they are tRPC's own codes, so the mapping is the identity. */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL_SERVER_ERROR'
  /** A service the request needs (Temporal) cannot be reached; trying again later may work. */
  | 'SERVICE_UNAVAILABLE';

/**
 * The error services throw: a stable code and a message written for the person who will read it.
 * Services are shared by routers, activities and tests, so they never throw transport errors.
 */
export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
