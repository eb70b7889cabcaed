import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../trpc';
import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { QueryView } from '../../ui/query-view';
import { StatusBadge } from '../../ui/status-badge';
import { runStatusText } from '../runs/run-labels';

const RECENT = 10;

/** The workflow's latest runs, refreshed while any of them is still going. */
export function RecentRunsPanel({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.runs.list.queryOptions({ workflowId, limit: RECENT }),
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => run.status === 'pending' || run.status === 'running') ? 2000 : false,
  });
  return (
    <section className="panel" aria-labelledby="recent-runs-title">
      <h2 id="recent-runs-title">Recent runs</h2>
      <QueryView
        query={runs}
        label="recent runs"
        isEmpty={(page) => page.items.length === 0}
        empty="No runs yet: start one with Run now."
      >
        {(page) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Status</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((run) => (
                  <tr key={run.id}>
                    <td>
                      <Link to={`/runs/${run.id}`}>{formatDateTime(run.startedAt ?? run.createdAt)}</Link>
                    </td>
                    <td>
                      <StatusBadge status={runStatusText(run)} />
                    </td>
                    <td>{formatDuration(elapsed(run.startedAt, run.finishedAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {runs.data?.nextCursor && <p className="muted">The {RECENT} latest are shown; the Runs page has them all.</p>}
    </section>
  );
}
