import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, AppErrorCode } from '../../core/errors/app-error';

/** An error answered by HTTP middleware, in the same shape tRPC uses for its own errors. */
export function httpError(c: Context, status: ContentfulStatusCode, code: AppErrorCode, message: string) {
  // tRPC's JSON-RPC number for the code, so its clients show the message.
  return c.json(
    { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status } } },
    status,
  );
}

/** A service's AppError answered over plain HTTP, with the status tRPC gives the same code. */
export function appErrorResponse(c: Context, error: AppError) {
  const status = getHTTPStatusCodeFromError(new TRPCError({ code: error.code })) as ContentfulStatusCode;
  return httpError(c, status, error.code, error.message);
}
