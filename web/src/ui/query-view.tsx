import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * The three states every page shows the same way: loading (a status), failed (an alert with the
 * API's message and a retry), and, when `isEmpty` says so, an empty state that tells what to do.
 */
export function QueryView<T>({
  query,
  label,
  isEmpty,
  empty,
  children,
}: {
  query: UseQueryResult<T, { message: string }>;
  /** What is loading, e.g. "workflows". */
  label: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <p className="muted" role="status">
        Loading {label}…
      </p>
    );
  if (query.isError)
    return (
      <ErrorMessage message={`Could not load ${label}: ${query.error.message}`} onRetry={() => void query.refetch()} />
    );
  if (isEmpty?.(query.data)) return <div className="empty-state">{empty}</div>;
  return <>{children(query.data)}</>;
}

export function ErrorMessage({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="error" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="secondary small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
