import { Link } from 'react-router';
import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { StatusBadge } from '../../ui/status-badge';
import { isLive, triggerLabel, type RunListItem } from './run-labels';
import { useTicker } from './use-ticker';

/** One row per run; the workflow's name opens the run. */
export function RunsTable({ runs }: { runs: RunListItem[] }) {
  useTicker(runs.some((run) => isLive(run.status)));
  return (
    <div className="table-wrap">
      <table className="runs-table stack-on-phone" aria-label="Runs, newest first">
        <thead>
          <tr>
            <th scope="col">Workflow</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <Link to={`/runs/${run.id}`}>{run.workflowName}</Link>
              </th>
              <td data-label="Status">
                <StatusBadge status={run.status} />
              </td>
              <td data-label="Trigger">{triggerLabel(run.trigger)}</td>
              <td data-label="Started">
                {run.startedAt ? (
                  <time dateTime={new Date(run.startedAt).toISOString()}>{formatDateTime(run.startedAt)}</time>
                ) : (
                  <span className="muted">Queued {formatDateTime(run.createdAt)}</span>
                )}
              </td>
              <td data-label="Duration">{formatDuration(elapsed(run.startedAt, run.finishedAt))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
