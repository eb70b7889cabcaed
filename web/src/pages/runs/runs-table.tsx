import { Link } from 'react-router';
import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { StackedTable } from '../../ui/stacked-table';
import { StatusBadge } from '../../ui/status-badge';
import { isLive, runStatusText, triggerLabel, type RunListItem } from './run-labels';
import { useTicker } from './use-ticker';

/** One row per run; the workflow's name opens the run. */
export function RunsTable({ runs }: { runs: RunListItem[] }) {
  useTicker(runs.some((run) => isLive(run.status)));
  return (
    <StackedTable
      className="runs-table"
      aria-label="Runs, newest first"
      rows={runs}
      rowKey={(run) => run.id}
      columns={[
        { label: 'Workflow', rowHeader: true, cell: (run) => <Link to={`/runs/${run.id}`}>{run.workflowName}</Link> },
        { label: 'Status', cell: (run) => <StatusBadge status={runStatusText(run)} /> },
        { label: 'Trigger', cell: (run) => triggerLabel(run.trigger) },
        {
          label: 'Started',
          cell: (run) =>
            run.startedAt ? (
              <time dateTime={new Date(run.startedAt).toISOString()}>{formatDateTime(run.startedAt)}</time>
            ) : (
              <span className="muted">
                {run.waiting ? 'Waiting for the running run since' : 'Queued'} {formatDateTime(run.createdAt)}
              </span>
            ),
        },
        { label: 'Duration', cell: (run) => formatDuration(elapsed(run.startedAt, run.finishedAt)) },
      ]}
    />
  );
}
