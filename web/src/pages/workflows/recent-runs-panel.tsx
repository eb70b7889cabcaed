import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTRPC } from '../../trpc';
import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { QueryView } from '../../ui/query-view';
import { StatusBadge } from '../../ui/status-badge';
import { Tabs } from '../../ui/tabs';
import { runStatusText } from '../runs/run-labels';

const RECENT = 10;

const kinds = [
  { id: 'real', label: 'Runs' },
  { id: 'test', label: 'Test runs' },
] as const;
type Kind = (typeof kinds)[number]['id'];

/** The workflow's latest runs, real or test (listed apart), refreshed while any of them is still going. */
export function RecentRunsPanel({ workflowId }: { workflowId: string }) {
  const [kind, setKind] = useState<Kind>('real');
  return (
    <section className="panel" aria-labelledby="recent-runs-title">
      <h2 id="recent-runs-title">Recent runs</h2>
      <Tabs label="Recent runs of this workflow" tabs={kinds} current={kind} onChange={setKind}>
        <RecentRunsTable key={kind} workflowId={workflowId} tests={kind === 'test'} />
      </Tabs>
    </section>
  );
}

function RecentRunsTable({ workflowId, tests }: { workflowId: string; tests: boolean }) {
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.runs.list.queryOptions({ workflowId, tests, limit: RECENT }),
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => run.status === 'pending' || run.status === 'running') ? 2000 : false,
  });
  return (
    <>
      <QueryView
        query={runs}
        label={tests ? 'recent test runs' : 'recent runs'}
        isEmpty={(page) => page.items.length === 0}
        empty={tests ? 'No test runs yet: start one with Test run.' : 'No runs yet: start one with Run now.'}
      >
        {(page) => (
          <div className="table-wrap">
            <table aria-label={tests ? 'Recent test runs' : 'Recent runs'}>
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
      {runs.data?.nextCursor && (
        <p className="muted">
          The {RECENT} latest are shown; the{' '}
          <Link to={`/runs?workflow=${workflowId}${tests ? '&tests=1' : ''}`}>Runs page</Link> has them all.
        </p>
      )}
    </>
  );
}
