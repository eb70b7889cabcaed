import { Link, useParams, useSearchParams } from 'react-router';
import { SpecGraphView } from '../../graph/spec-graph-view';
import { errorCode } from '../../trpc';
import { ErrorMessage, QueryView } from '../../ui/query-view';
import { NodeDetails } from './node-details';
import { RunHeader } from './run-header';
import type { RunDetail } from './run-labels';
import { LoopItems } from './loop-items';
import { bodyText, defaultNodeId, graphMarks, nodeRows, type NodeRow } from './run-nodes';
import { RunTasksTable } from './run-tasks-table';
import { TestRunPreview } from './test-preview';
import { useLiveRun } from './use-live-run';
import './runs.css';

/**
 * One run: each node's status, attempts, timings, logs and output, live while it runs; for a test
 * run, also what a real run would have done.
 */
export function RunPage() {
  const { runId = '' } = useParams();
  // A new run (after Re-run) starts with fresh state: no open confirmation, no stale selection.
  return <RunView key={runId} runId={runId} />;
}

function RunView({ runId }: { runId: string }) {
  const { run, live, watch } = useLiveRun(runId);
  const code = errorCode(run.error);
  if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
    return (
      <section aria-labelledby="page-title" className="run-page">
        <h1 id="page-title">Run not found</h1>
        <p className="error" role="alert">
          There is no run at this address, or it belongs to a workflow you cannot see.
        </p>
        <p>
          <Link to="/runs">See all runs</Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="page-title" className="run-page">
      <p className="breadcrumb">
        <Link to="/runs">Runs</Link>
      </p>
      <QueryView query={run} label="the run">
        {(data) => (
          <>
            <RunHeader run={data} live={live} />
            {watch.status === 'error' && (
              <ErrorMessage message={`Live updates stopped: ${watch.error.message}`} onRetry={watch.reset} />
            )}
            {data.trigger === 'test' && (
              <section className="panel" aria-labelledby="preview-title">
                <h2 id="preview-title">What a real run would do</h2>
                <TestRunPreview runId={data.id} />
              </section>
            )}
            <RunBody run={data} live={live} />
          </>
        )}
      </QueryView>
    </section>
  );
}

function RunBody({ run, live }: { run: RunDetail; live: boolean }) {
  const [params, setParams] = useSearchParams();
  const rows = nodeRows(run);
  // The address remembers the chosen node; without one, whatever needs attention is shown.
  const selectedId = params.get('node') ?? defaultNodeId(rows);
  const selected = rows.find((row) => row.node.id === selectedId) ?? null;
  const select = (nodeId: string) => setParams({ node: nodeId }, { replace: true });
  const { statuses, notes } = graphMarks(rows);

  return (
    <>
      <div className="two-columns run-columns">
        <div className="panel">
          <h2>Graph</h2>
          {run.spec ? (
            <SpecGraphView
              spec={run.spec}
              statuses={statuses}
              notes={notes}
              selectedId={selectedId}
              onSelect={select}
              label="Run graph"
            />
          ) : (
            <p className="muted">
              This run kept no copy of the spec it executed, so there is no graph; its nodes are listed below.
            </p>
          )}
        </div>
        <div className="panel">
          {selected?.loop ? (
            <BodyNodeSummary key={selected.node.id} run={run} rows={rows} row={selected} live={live} />
          ) : selected ? (
            <>
              <NodeDetails
                key={selected.node.id}
                runId={run.id}
                row={selected}
                pinTo={run.trigger === 'test' ? undefined : run.workflowId}
              />
              {selected.node.type === 'for_each' && run.spec && (
                <LoopItems
                  key={`items-${selected.node.id}`}
                  runId={run.id}
                  loop={selected.node}
                  nodes={run.spec.nodes}
                  counts={selected.counts}
                  live={live}
                />
              )}
            </>
          ) : (
            <p className="muted">Select a node in the graph or the list to see its logs and output.</p>
          )}
        </div>
      </div>
      <RunTasksTable rows={rows} selectedId={selectedId} onSelect={select} live={live} />
    </>
  );
}

/**
 * A node inside a loop: it has a task per item, not one of its own, so it shows how those went
 * and the items of the outermost loop around it, whose body tasks open to their details.
 */
function BodyNodeSummary({ run, rows, row, live }: { run: RunDetail; rows: NodeRow[]; row: NodeRow; live: boolean }) {
  const around = (r: NodeRow): NodeRow => {
    const parent = rows.find((other) => other.node.id === r.loop);
    return parent && parent !== r ? around(parent) : r;
  };
  const loop = rows.find((other) => other.node.id === row.loop);
  const outer = around(row);
  return (
    <section className="node-details" aria-labelledby="body-node-title">
      <h2 id="body-node-title">{row.node.name}</h2>
      <p>
        Runs once per item of <strong>{loop?.node.name ?? row.loop}</strong>
        {row.counts && row.counts.total > 0 ? `: ${bodyText(row.counts)}.` : '; no item has reached it yet.'}
      </p>
      {run.spec && outer.node.type === 'for_each' && (
        <LoopItems runId={run.id} loop={outer.node} nodes={run.spec.nodes} counts={outer.counts} live={live} />
      )}
    </section>
  );
}
