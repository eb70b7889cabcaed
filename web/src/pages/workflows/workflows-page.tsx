import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useTRPC } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';
import { NewWorkflowForm, newWorkflowFormId } from './new-workflow-form';
import { filtersFrom, WorkflowFilters, type Filters } from './workflow-filters';
import { WorkflowsTable } from './workflows-table';
import './workflows.css';

/** Every workflow the user may see (an admin: everyone's), newest change first, filtered, a page at a time. */
export function WorkflowsPage() {
  const trpc = useTRPC();
  // Filters live in the address, so a filtered list survives a reload and Back returns to it.
  const [params, setParams] = useSearchParams();
  // Set by a workflow's page after deleting it.
  const deleted = (useLocation().state as { deleted?: string } | null)?.deleted;
  const filters = filtersFrom(params);
  const [creating, setCreating] = useState(false);
  const createButton = useRef<HTMLButtonElement>(null);
  // Closing the form returns focus to the button that opened it, instead of losing it with the form.
  const closeCreate = () => {
    setCreating(false);
    createButton.current?.focus();
  };
  const me = useQuery(trpc.auth.me.queryOptions());
  const isAdmin = me.data?.role === 'admin';
  const owners = useQuery({ ...trpc.users.list.queryOptions(), enabled: isAdmin });
  const list = useInfiniteQuery(
    trpc.workflows.list.infiniteQueryOptions(
      { status: filters.status, search: filters.search || null, limit: 25 },
      {
        getNextPageParam: (page) => page.nextCursor,
        // A new filter keeps the current rows on screen until its own arrive, instead of a flash of "Loading".
        placeholderData: keepPreviousData,
      },
    ),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = filters.status !== null || filters.search !== '';

  // Only the filters named change, on top of the address as it is by then: a change made before
  // the page re-rendered from the previous one (the router updates in a transition) is kept.
  // From the address as it is now, not as this render saw it: React Router hands the callback the
  // render's params, so "Clear filters" followed at once by a search would bring the old filter back.
  const apply = (change: Partial<Filters>) =>
    setParams(
      () => {
        const out = new URLSearchParams(window.location.search);
        for (const [key, value] of [
          ['status', change.status],
          ['q', change.search],
        ] as const) {
          if (value === undefined) continue;
          if (value) out.set(key, value);
          else out.delete(key);
        }
        return out;
      },
      { replace: true },
    );

  return (
    <section aria-labelledby="page-title">
      <div className="wf-heading">
        <h1 id="page-title">Workflows</h1>
        <div className="wf-new-actions">
          <Link to="/author">Describe a new automation in chat</Link>
          <button
            type="button"
            className="secondary small"
            ref={createButton}
            aria-expanded={creating}
            aria-controls={creating ? newWorkflowFormId : undefined}
            onClick={() => (creating ? closeCreate() : setCreating(true))}
          >
            New workflow from JSON
          </button>
        </div>
      </div>
      {creating && <NewWorkflowForm onCancel={closeCreate} />}
      {deleted && (
        <p className="success" role="status">
          Deleted “{deleted}”.
        </p>
      )}
      <WorkflowFilters applied={filters} onApply={apply} />
      {list.isPending ? (
        <p className="muted" role="status">
          Loading workflows…
        </p>
      ) : list.isError && items.length === 0 ? (
        <ErrorMessage message={`Could not load workflows: ${list.error.message}`} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">
          {filtered ? (
            <>
              <p>No workflows match these filters.</p>
              <button type="button" className="secondary" onClick={() => apply({ status: null, search: '' })}>
                Clear filters
              </button>
            </>
          ) : (
            <>
              <p>No workflows yet.</p>
              <Link to="/author">Describe an automation in chat</Link>
            </>
          )}
        </div>
      ) : (
        <>
          <div aria-busy={list.isPlaceholderData}>
            <WorkflowsTable items={items} owners={isAdmin ? (owners.data ?? []) : null} />
          </div>
          {list.isFetchNextPageError && (
            <ErrorMessage
              message={`Could not load more: ${list.error?.message}`}
              onRetry={() => void list.fetchNextPage()}
            />
          )}
          {list.hasNextPage && (
            <button
              type="button"
              className="secondary wf-load-more"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </section>
  );
}
