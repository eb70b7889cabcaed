import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc';
import { runStatuses } from './run-labels';
import { isUuid } from '../../../../core/db/uuid';

type RunStatus = (typeof runStatuses)[number];

export interface RunListFilters {
  status: RunStatus | null;
  workflowId: string | null;
  /** Test runs instead of real ones: the API lists them apart. */
  tests: boolean;
}

/** The filters from the address (`?status=failed&workflow=<id>&tests=1`), ignoring values the API would refuse. */
export function readRunFilters(params: URLSearchParams): RunListFilters {
  const status = params.get('status');
  const workflowId = params.get('workflow');
  return {
    status: runStatuses.find((s) => s === status) ?? null,
    workflowId: isUuid(workflowId) ? workflowId : null,
    tests: params.get('tests') === '1',
  };
}

/** The address's search parameters for `filters`: only those set. */
export function runFilterParams(filters: RunListFilters): Record<string, string> {
  return Object.fromEntries(
    Object.entries({
      status: filters.status,
      workflow: filters.workflowId,
      tests: filters.tests ? '1' : null,
    }).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

/** Status and workflow selects; each change applies at once (there is nothing to type). */
export function RunFilters({
  filters,
  onChange,
}: {
  filters: RunListFilters;
  onChange: (params: Record<string, string>) => void;
}) {
  const trpc = useTRPC();
  // The most recent 100 workflows fill the menu; a workflow linked from elsewhere stays selectable.
  const workflows = useQuery(trpc.workflows.list.queryOptions({ limit: 100 }));
  const options = workflows.data?.items ?? [];
  const apply = (next: RunListFilters) => onChange(runFilterParams(next));

  return (
    <form className="toolbar runs-filters" aria-label="Filter runs" onSubmit={(event) => event.preventDefault()}>
      <label>
        Status
        <select
          value={filters.status ?? ''}
          onChange={(event) => apply({ ...filters, status: runStatuses.find((s) => s === event.target.value) ?? null })}
        >
          <option value="">Any status</option>
          {runStatuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label>
        Workflow
        <select
          value={filters.workflowId ?? ''}
          onChange={(event) => apply({ ...filters, workflowId: event.target.value || null })}
        >
          <option value="">{workflows.isError ? 'Any workflow (could not load the list)' : 'Any workflow'}</option>
          {filters.workflowId && !options.some((w) => w.id === filters.workflowId) && (
            <option value={filters.workflowId}>The linked workflow</option>
          )}
          {options.map((workflow) => (
            <option key={workflow.id} value={workflow.id}>
              {workflow.name}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
