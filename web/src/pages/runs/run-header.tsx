import { Link } from 'react-router';
import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { JsonView } from '../../ui/json-view';
import { StatusBadge } from '../../ui/status-badge';
import { runStatusText, triggerLabel, waitingText, type RunDetail } from './run-labels';
import { RunActions } from './run-actions';
import { useTicker } from './use-ticker';

/** What the run is, how it went, what it was given, and what can be done with it. */
export function RunHeader({ run, live }: { run: RunDetail; live: boolean }) {
  useTicker(live);
  const startError = summaryText(run.resultSummary, 'error');
  // Why a run that never started ended (cancelled while it waited, its workflow archived).
  const reason = summaryText(run.resultSummary, 'reason');
  // A run that succeeded with failed nodes handled their failures (error routes, onError).
  const handled = run.status === 'success' ? run.tasks.filter((task) => task.status === 'failed') : [];
  const nameOf = (nodeId: string) => run.spec?.nodes.find((node) => node.id === nodeId)?.name ?? nodeId;
  const test = run.trigger === 'test';
  return (
    <div className="panel run-header">
      <div className="run-title">
        <h1 id="page-title">
          {test ? 'Test run' : 'Run'} of {run.workflowName}
        </h1>
        <StatusBadge status={runStatusText(run)} />
      </div>
      {test && (
        <p className="test-run-notice">
          <strong>Test run — nothing was sent.</strong> Requests, emails, rows and prompts were rendered and answered
          with samples; what a real run would do is listed below.
        </p>
      )}
      <p className="muted" role="status">
        {run.waiting
          ? `${waitingText} This page follows it.`
          : live
            ? 'Live: this page follows the run as its nodes progress.'
            : `This run ended: ${run.status}.`}
      </p>
      {startError && <p className="error">{startError}</p>}
      {reason && <p className="muted">{reason}</p>}
      {handled.length > 0 && (
        <p className="muted">
          It succeeded with {handled.length === 1 ? 'a failure' : `${handled.length} failures`} handled (an error route
          or "continue on error"): {handled.map((task) => nameOf(task.nodeId)).join(', ')}.
        </p>
      )}
      <RunActions run={run} live={live} />
      <div className="two-columns">
        <dl className="facts">
          <dt>Workflow</dt>
          <dd>
            <Link to={`/workflows/${run.workflowId}`}>{run.workflowName}</Link>
          </dd>
          <dt>Trigger</dt>
          <dd>
            {triggerLabel(run.trigger)}
            {run.resumedFromRunId && (
              <>
                {' '}
                from <Link to={`/runs/${run.resumedFromRunId}`}>the failed run</Link>
              </>
            )}
          </dd>
          <dt>Queued</dt>
          <dd>{formatDateTime(run.createdAt)}</dd>
          <dt>Started</dt>
          <dd>{formatDateTime(run.startedAt)}</dd>
          <dt>Finished</dt>
          <dd>{formatDateTime(run.finishedAt)}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(elapsed(run.startedAt, run.finishedAt))}</dd>
          <dt>Run id</dt>
          <dd>
            <code>{run.id}</code>
          </dd>
        </dl>
        <div className="run-input">
          <h2>Input</h2>
          <JsonView value={run.input} label="Run input" />
        </div>
      </div>
    </div>
  );
}

/**
 * A text recorded in the summary: `error`, why the run ended outside its nodes (it never reached
 * Temporal, passed its time limit, or its Temporal execution closed without it); `reason`, why it
 * never started.
 */
function summaryText(summary: unknown, key: 'error' | 'reason'): string | null {
  const text = summary && typeof summary === 'object' ? (summary as Record<string, unknown>)[key] : undefined;
  return typeof text === 'string' ? text : null;
}
