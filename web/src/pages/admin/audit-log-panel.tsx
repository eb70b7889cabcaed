import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';
import { formatDateTime } from '../../ui/format';
import { StackedTable, type Column } from '../../ui/stacked-table';
import { AuditLogFilters, auditQueryInput, noFilters, type AuditFilters } from './audit-log-filters';

type AuditEntry = RouterOutputs['auditLogs']['list']['items'][number];
type AdminUser = RouterOutputs['users']['list'][number];

/** Who did what to which resource, newest first, filtered, a page at a time. */
export function AuditLogPanel() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<AuditFilters>(noFilters);
  const users = useQuery(trpc.users.list.queryOptions());
  const entries = useInfiniteQuery(
    trpc.auditLogs.list.infiniteQueryOptions(auditQueryInput(filters), { getNextPageParam: (page) => page.nextCursor }),
  );
  const byId = new Map((users.data ?? []).map((user) => [user.id, user]));
  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="panel">
      <h2>Audit log</h2>
      <AuditLogFilters users={users.data ?? []} applied={filters} onApply={setFilters} />
      {entries.isPending ? (
        <p className="muted" role="status">
          Loading the audit log…
        </p>
      ) : entries.isError && items.length === 0 ? (
        <ErrorMessage
          message={`Could not load the audit log: ${entries.error.message}`}
          onRetry={() => void entries.refetch()}
        />
      ) : items.length === 0 ? (
        <div className="empty-state">
          {filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}
        </div>
      ) : (
        <>
          <p className="muted" role="status">
            {items.length} {items.length === 1 ? 'entry' : 'entries'}
            {entries.hasNextPage ? ' shown; more below' : ''}
          </p>
          <StackedTable
            className="audit-table"
            rows={items}
            rowKey={(entry) => entry.id}
            columns={auditColumns(byId)}
          />
          {entries.isFetchNextPageError && (
            <ErrorMessage
              message={`Could not load more: ${entries.error?.message}`}
              onRetry={() => void entries.fetchNextPage()}
            />
          )}
          {entries.hasNextPage && (
            <button
              type="button"
              className="secondary load-more"
              disabled={entries.isFetchingNextPage}
              onClick={() => void entries.fetchNextPage()}
            >
              {entries.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </div>
  );
}

/** The log's columns; actors and user resources read as the person, found in `byId`. */
function auditColumns(byId: Map<string, AdminUser>): Column<AuditEntry>[] {
  return [
    {
      label: 'When',
      cell: (entry) => (
        <time dateTime={new Date(entry.createdAt).toISOString()}>{formatDateTime(entry.createdAt)}</time>
      ),
    },
    {
      label: 'Actor',
      className: 'wrap-anywhere',
      cell: ({ actorId }) => {
        const actor = actorId ? byId.get(actorId) : undefined;
        return actorId === null ? <span className="muted">system</span> : actor ? actor.name : <code>{actorId}</code>;
      },
    },
    { label: 'Action', cell: (entry) => <code>{entry.action}</code> },
    {
      label: 'Resource',
      className: 'wrap-anywhere',
      cell: ({ resourceType, resourceId }) => {
        // A user resource reads better as the person's email; other resources keep their id.
        const resourceUser = resourceType === 'user' && resourceId ? byId.get(resourceId) : undefined;
        return (
          <>
            {resourceType}
            {resourceId && (
              <>
                {' '}
                <code title={resourceId}>{resourceUser ? resourceUser.email : resourceId}</code>
              </>
            )}
          </>
        );
      },
    },
    {
      label: 'Details',
      cell: ({ details }) =>
        Object.keys(details).length > 0 ? (
          <code className="audit-details">{JSON.stringify(details)}</code>
        ) : (
          <span className="muted">—</span>
        ),
    },
  ];
}
