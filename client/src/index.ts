import { createTRPCClient, httpBatchLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/api';

export type { AppRouter };
/** What each procedure takes, e.g. `Inputs['runs']['start']`. */
export type Inputs = inferRouterInputs<AppRouter>;
/** What each procedure answers, e.g. `Outputs['runs']['get']`; points in time are ISO strings. */
export type Outputs = inferRouterOutputs<AppRouter>;
export { TRPCClientError };
export type WorkflowAgentClient = TRPCClient<AppRouter>;

/**
 * A typed client of the AI Workflow Agent's API, acting as the owner of `token` (an API token,
 * `wfa_…`, made on the API tokens page or with `apiTokens.create`). `url` is the API's address,
 * e.g. `http://localhost:3000`; calls go to `${url}/trpc`, batched.
 */
export function createWorkflowAgentClient(url: string, token: string): WorkflowAgentClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url.replace(/\/+$/, '')}/trpc`,
        headers: { authorization: `Bearer ${token}` },
      }),
    ],
  });
}
