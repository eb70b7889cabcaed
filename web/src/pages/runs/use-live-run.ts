import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '../../trpc';
import { isLive } from './run-labels';

/**
 * A run with its tasks, kept current: loaded once, then followed through `runs.watch` (server-sent
 * events) while it is pending or running. Each snapshot replaces the cached run, so every part of
 * the page reads one source; the subscription ends by itself once a snapshot says the run is over.
 */
export function useLiveRun(runId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const run = useQuery(trpc.runs.get.queryOptions({ runId }));
  const live = run.data !== undefined && isLive(run.data.status);
  const watch = useSubscription(
    trpc.runs.watch.subscriptionOptions(
      { runId },
      {
        enabled: live,
        onData: (snapshot) => queryClient.setQueryData(trpc.runs.get.queryKey({ runId }), snapshot),
      },
    ),
  );
  return { run, live, watch };
}
