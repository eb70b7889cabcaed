import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';
import { isLive } from './run-labels';
import { RunFilters, readRunFilters } from './run-filters';
import { RunsTable } from './runs-table';
import './runs.css';

/** How often the list is read again while any run on it is still moving. */
const LIVE_REFRESH_MS = 2000;

/** Runs with live status, filtered by status and workflow (kept in the address), a page at a time. */
export function RunsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const filters = readRunFilters(params);
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { ...filters, limit: 25 },
      {
        getNextPageParam: (page) => page.nextCursor,
        refetchInterval: (query) =>
          query.state.data?.pages.some((page) => page.items.some((run) => isLive(run.status)))
            ? LIVE_REFRESH_MS
            : false,
      },
    ),
  );
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = filters.status !== null || filters.workflowId !== null;

  return (
    <section aria-labelledby="page-title" className="runs-page">
      <h1 id="page-title">Runs</h1>
      <RunFilters filters={filters} onChange={(next) => setParams(next, { replace: true })} />
      {runs.isPending ? (
        <p className="muted" role="status">
          Loading runs…
        </p>
      ) : runs.isError && items.length === 0 ? (
        <ErrorMessage message={`Could not load runs: ${runs.error.message}`} onRetry={() => void runs.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          {filtered ? (
            <>
              No runs match these filters.{' '}
              <button type="button" className="link" onClick={() => setParams({}, { replace: true })}>
                Show all runs
              </button>
            </>
          ) : (
            <>
              No runs yet. Start one from a <Link to="/workflows">workflow's page</Link>, or let its trigger start it.
            </>
          )}
        </div>
      ) : (
        <>
          <RunsTable runs={items} />
          {runs.isFetchNextPageError && (
            <ErrorMessage
              message={`Could not load more runs: ${runs.error?.message}`}
              onRetry={() => void runs.fetchNextPage()}
            />
          )}
          {runs.hasNextPage && (
            <button
              type="button"
              className="secondary load-more"
              disabled={runs.isFetchingNextPage}
              onClick={() => void runs.fetchNextPage()}
            >
              {runs.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </section>
  );
}
