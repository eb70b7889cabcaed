import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';
import { isLive } from './run-labels';

/** How often a test run's preview is read again while the run still moves. */
const POLL_MS = 1000;

/**
 * A test run's preview (`runs.preview`), read again every second until the run's status is final:
 * a test run neither waits nor calls out, so it ends within seconds and polling stays short.
 */
export function useTestPreview(runId: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.runs.preview.queryOptions({ runId }),
    refetchInterval: (query) =>
      query.state.status === 'error' || (query.state.data && !isLive(query.state.data.status)) ? false : POLL_MS,
  });
}
