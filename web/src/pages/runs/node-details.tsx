import { useId } from 'react';
import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { JsonView } from '../../ui/json-view';
import { StatusBadge } from '../../ui/status-badge';
import { ApprovalDecision } from './approval-decision';
import { PinFromRun } from './pin-from-run';
import { readLogs } from './run-labels';
import { outsideEffectTypes } from '../../../../core/run/test-plan';
import type { NodeRow } from './run-nodes';
import { useTicker } from './use-ticker';

/** The selected node: how it went, its error, the decision it waits for, its output, log and configuration. */
export function NodeDetails({
  runId,
  row: { node, task },
  title = node.name,
  pinTo,
}: {
  runId: string;
  row: Pick<NodeRow, 'node' | 'task'>;
  /** The heading, when the node's name alone is not enough (a body node's row for one item). */
  title?: string;
  /**
   * The workflow a succeeded output of a node acting outside the run may be pinned on, for test
   * runs to answer with; absent where pinning does not apply (test runs, a loop's per-item rows).
   */
  pinTo?: string;
}) {
  useTicker(task?.status === 'running');
  const titleId = useId();
  const logs = readLogs(task?.logs);
  const waitingForDecision = node.type === 'approval' && task?.status === 'running';
  return (
    <section className="node-details" aria-labelledby={titleId}>
      <div className="run-title">
        <h2 id={titleId}>{title}</h2>
        {task ? <StatusBadge status={task.status} /> : <span className="muted">not started</span>}
      </div>
      <dl className="facts">
        <dt>Node</dt>
        <dd>
          <code>{node.id}</code>
          {node.type && ` (${node.type.replaceAll('_', ' ')})`}
        </dd>
        <dt>Attempts</dt>
        <dd>{task?.attemptCount ?? 0}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(task?.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatDateTime(task?.finishedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(elapsed(task?.startedAt, task?.finishedAt))}</dd>
      </dl>
      {logs.error && (
        <div className="error node-error">
          <strong>Error{logs.error.type ? ` (${logs.error.type})` : ''}:</strong> <span>{logs.error.message}</span>
          <span className="muted">
            {logs.error.retryable
              ? 'Retryable: the node was tried again before giving up.'
              : 'Not retryable: retrying would not help.'}
          </span>
        </div>
      )}
      {waitingForDecision && <ApprovalDecision runId={runId} nodeId={node.id} output={logs.output} />}
      <h3>Output</h3>
      {logs.output === undefined ? (
        <p className="muted">No output{task?.status === 'running' ? ' yet' : ''}.</p>
      ) : (
        <JsonView value={logs.output} label={`Output of ${title}`} />
      )}
      {logs.outputTruncated && <p className="muted">The output was too large to keep whole; this is its beginning.</p>}
      {pinTo && task?.status === 'success' && logs.output !== undefined && takesPin(node.type) && (
        <PinFromRun workflowId={pinTo} runId={runId} nodeId={node.id} />
      )}
      <h3>Log</h3>
      {logs.entries?.length ? (
        <ol className="node-log" aria-label={`Log of ${title}`}>
          {logs.entries.map((entry, index) => (
            <li key={index} className={`log-${entry.level}`}>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>{' '}
              <span className="log-level">{entry.level}</span> <span className="log-message">{entry.message}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Nothing logged yet.</p>
      )}
      {node.config !== undefined && (
        <>
          <h3>Configuration</h3>
          <JsonView value={node.config} label={`Configuration of ${title}`} />
        </>
      )}
    </section>
  );
}

/** Only nodes acting outside the run take pins (core/run/pins.ts): the others run for real in a test. */
const takesPin = (type: string | null) => (outsideEffectTypes as readonly (string | null)[]).includes(type);
