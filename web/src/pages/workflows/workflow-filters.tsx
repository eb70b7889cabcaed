import { useId, useState, type FormEvent } from 'react';
import { listedWorkflowStatusSchema } from '../../../../core/db/enums';

const statuses = listedWorkflowStatusSchema.options;
type Status = (typeof statuses)[number];

export interface Filters {
  status: Status | null;
  /** Part of the name; empty for any. */
  search: string;
}

/** The filters an address names (`?status=active&q=invoice`); unknown values are ignored. */
export function filtersFrom(params: URLSearchParams): Filters {
  const status = params.get('status');
  return { status: statuses.find((s) => s === status) ?? null, search: params.get('q')?.trim() ?? '' };
}

/** Status applies at once; the name search on Enter or "Search", not per keystroke. */
export function WorkflowFilters({
  applied,
  onApply,
}: {
  applied: Filters;
  onApply: (change: Partial<Filters>) => void;
}) {
  const [search, setSearch] = useState(applied.search);
  const [shown, setShown] = useState(applied.search);
  const id = useId();
  // Back, Forward or "Clear filters" change the applied search: the box follows, in this render
  // rather than an effect's second one.
  if (applied.search !== shown) {
    setShown(applied.search);
    setSearch(applied.search);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ search: search.trim() });
  }

  return (
    <form className="toolbar wf-filters" role="search" aria-label="Filter workflows" onSubmit={submit}>
      <span className="wf-filter">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={applied.status ?? ''}
          onChange={(event) => onApply({ status: statuses.find((s) => s === event.target.value) ?? null })}
        >
          <option value="">Any status</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </span>
      <span className="wf-filter wf-search">
        <label htmlFor={`${id}-search`}>Name contains</label>
        <input
          id={`${id}-search`}
          type="search"
          value={search}
          maxLength={100}
          onChange={(event) => setSearch(event.target.value)}
        />
      </span>
      <button type="submit" className="secondary">
        Search
      </button>
    </form>
  );
}
