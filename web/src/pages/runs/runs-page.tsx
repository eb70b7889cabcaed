import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';
import { Tabs } from '../../ui/tabs';
import { isLive } from './run-labels';
import { RunFilters, readRunFilters, runFilterParams } from './run-filters';
import { RunsTable } from './runs-table';
import './runs.css';

/** How often the list is read again while any run on it is still moving. */
const LIVE_REFRESH_MS = 2000;

const kinds = [
  { id: 'real', label: 'Runs' },
  { id: 'test', label: 'Test runs' },
] as const;

/**
 * Runs with live status, filtered by status and workflow (kept in the address), a page at a time;
 * test runs on a tab of their own, as the API lists them apart.
 */
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
  const showAll = () =>
    setParams(runFilterParams({ status: null, workflowId: null, tests: filters.tests }), { replace: true });

  return (
    <section aria-labelledby="page-title" className="runs-page">
      <h1 id="page-title">Runs</h1>
      <Tabs
        label="Kind of runs"
        tabs={kinds}
        current={filters.tests ? 'test' : 'real'}
        onChange={(kind) => setParams(runFilterParams({ ...filters, tests: kind === 'test' }), { replace: true })}
      >
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
                No {filters.tests ? 'test runs' : 'runs'} match these filters.{' '}
                <button type="button" className="link" onClick={showAll}>
                  Show all {filters.tests ? 'test runs' : 'runs'}
                </button>
              </>
            ) : filters.tests ? (
              <>
                No test runs yet. Test a workflow from its <Link to="/workflows">page</Link>, with Test run.
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
      </Tabs>
    </section>
  );
}
