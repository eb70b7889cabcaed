import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppErrorCode } from '../../core/errors/app-error';

// tRPC's JSON-RPC numbers for the codes answered before tRPC runs, so its clients show the message.
const jsonRpcCodes: Partial<Record<AppErrorCode, number>> = { FORBIDDEN: -32003, PAYLOAD_TOO_LARGE: -32013 };

/** An error answered by HTTP middleware, in the same shape tRPC uses for its own errors. */
export function httpError(c: Context, status: ContentfulStatusCode, code: AppErrorCode, message: string) {
  return c.json({ error: { message, code: jsonRpcCodes[code] ?? -32600, data: { code, httpStatus: status } } }, status);
}
