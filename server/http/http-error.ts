import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, AppErrorCode } from '../../core/errors/app-error';

/** An error answered by HTTP middleware, in the same shape tRPC uses for its own errors. */
export function httpError(
  c: Context,
  status: ContentfulStatusCode,
  code: AppErrorCode,
  message: string,
  details?: Record<string, unknown>,
) {
  // tRPC's JSON-RPC number for the code, so its clients show the message.
  const data = { code, httpStatus: status, ...(details ? { details } : {}) };
  return c.json({ error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data } }, status);
}

/** A service's AppError answered over plain HTTP, with the status and details tRPC gives it. */
export function appErrorResponse(c: Context, error: AppError) {
  const status = getHTTPStatusCodeFromError(new TRPCError({ code: error.code })) as ContentfulStatusCode;
  return httpError(c, status, error.code, error.message, error.details);
}
