/**
 * The API's contract for other TypeScript apps: import its type only (`import type`), never
 * server code, and let `@trpc/client` do the calls.
 *
 * - **Where**: tRPC over HTTP at `${base}/trpc`, where `base` is the API's address (in
 *   development `http://localhost:3000`, or PUBLIC_URL in production, which serves `/trpc` on
 *   the same origin). Queries are GETs and mutations POSTs; `httpBatchLink` batches both.
 * - **Who**: send `Authorization: Bearer wfa_…`, an API token created with `apiTokens.create`
 *   while signed in. Calls then act as the token's owner; no cookie and no Origin header are
 *   needed. A malformed, unknown, revoked or expired token answers 401 UNAUTHORIZED, "The API
 *   token is invalid, revoked or expired.", and a token cannot create tokens (403 FORBIDDEN).
 * - **Format**: plain JSON, no superjson or other transformer, so configure none on the client.
 *   Points in time are ISO 8601 strings in UTC with milliseconds, `"2025-01-31T09:00:00.000Z"`,
 *   typed `string` in `AppRouter` (`timestampSchema`); make a `Date` with `new Date(value)`. Inputs
 *   are plain JSON too.
 * - **Errors**: a `TRPCClientError` whose `message` is written for a person and whose
 *   `data.code` is a stable tRPC code (`UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`, `BAD_REQUEST`
 *   with `data.fieldErrors`, …).
 *
 * ```ts
 * import { createTRPCClient, httpBatchLink } from '@trpc/client';
 * import type { AppRouter } from '<this repository>/server/api';
 *
 * const api = createTRPCClient<AppRouter>({
 *   links: [httpBatchLink({ url: 'http://localhost:3000/trpc', headers: { authorization: `Bearer ${token}` } })],
 * });
 * const me = await api.auth.me.query();
 * ```
 *
 * Other apps install this as the `@workflow-agent/client` package (client/: `AppRouter`'s
 * declarations and `createWorkflowAgentClient`); `examples/call-api.ts` is a complete, tested
 * example inside this repository.
 */
export type { AppRouter } from './trpc/app.router';
