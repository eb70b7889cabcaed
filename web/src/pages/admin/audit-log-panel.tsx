import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ErrorMessage } from '../../ui/query-view';
import { formatDateTime } from '../../ui/format';
import { AuditLogFilters, auditQueryInput, noFilters, type AuditFilters } from './audit-log-filters';
import '../../ui/stacked-table.css';

type AuditEntry = RouterOutputs['auditLogs']['list']['items'][number];
type AdminUser = RouterOutputs['users']['list'][number];

/** Who did what to which resource, newest first, filtered, a page at a time. */
export function AuditLogPanel() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<AuditFilters>(noFilters);
  const users = useQuery(trpc.users.list.queryOptions());
  const entries = useInfiniteQuery(trpc.auditLogs.list.infiniteQueryOptions(auditQueryInput(filters), { getNextPageParam: (page) => page.nextCursor }));
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
        <ErrorMessage message={`Could not load the audit log: ${entries.error.message}`} onRetry={() => void entries.refetch()} />
      ) : items.length === 0 ? (
        <div className="empty-state">{filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}</div>
      ) : (
        <>
          <p className="muted" role="status">
            {items.length} {items.length === 1 ? 'entry' : 'entries'}
            {entries.hasNextPage ? ' shown; more below' : ''}
          </p>
          <div className="table-wrap">
            <table className="audit-table stack-on-phone">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Resource</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} byId={byId} />
                ))}
              </tbody>
            </table>
          </div>
          {entries.isFetchNextPageError && <ErrorMessage message={`Could not load more: ${entries.error?.message}`} onRetry={() => void entries.fetchNextPage()} />}
          {entries.hasNextPage && (
            <button type="button" className="secondary load-more" disabled={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()}>
              {entries.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </div>
  );
}

function AuditRow({ entry, byId }: { entry: AuditEntry; byId: Map<string, AdminUser> }) {
  const actor = entry.actorId ? byId.get(entry.actorId) : undefined;
  // A user resource reads better as the person's email; other resources keep their id.
  const resourceUser = entry.resourceType === 'user' && entry.resourceId ? byId.get(entry.resourceId) : undefined;
  const hasDetails = Object.keys(entry.details).length > 0;
  return (
    <tr>
      <td data-label="When">
        <time dateTime={new Date(entry.createdAt).toISOString()}>{formatDateTime(entry.createdAt)}</time>
      </td>
      <td data-label="Actor" className="wrap-anywhere">{entry.actorId === null ? <span className="muted">system</span> : actor ? actor.name : <code>{entry.actorId}</code>}</td>
      <td data-label="Action">
        <code>{entry.action}</code>
      </td>
      <td data-label="Resource" className="wrap-anywhere">
        {entry.resourceType}
        {entry.resourceId && (
          <>
            {' '}
            <code title={entry.resourceId}>{resourceUser ? resourceUser.email : entry.resourceId}</code>
          </>
        )}
      </td>
      <td data-label="Details">{hasDetails ? <code className="audit-details">{JSON.stringify(entry.details)}</code> : <span className="muted">—</span>}</td>
    </tr>
  );
}
