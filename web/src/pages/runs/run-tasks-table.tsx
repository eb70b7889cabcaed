import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { StackedTable } from '../../ui/stacked-table';
import { StatusBadge } from '../../ui/status-badge';
import { LoopProgress } from './loop-items';
import { bodyText, type NodeRow } from './run-nodes';
import { useTicker } from './use-ticker';

/** Every node of the run with its status, attempts and timings; a node's name selects it. */
export function RunTasksTable({
  rows,
  selectedId,
  onSelect,
  live,
}: {
  rows: NodeRow[];
  selectedId: string | null;
  onSelect: (nodeId: string) => void;
  live: boolean;
}) {
  useTicker(live);
  return (
    <div className="panel">
      <h2>Nodes</h2>
      <StackedTable
        className="run-tasks"
        aria-label="Nodes of this run"
        rows={rows}
        rowKey={({ node }) => node.id}
        rowProps={({ node }) => ({
          className: node.id === selectedId ? 'selected-row' : undefined,
          'aria-selected': node.id === selectedId,
        })}
        columns={[
          {
            label: 'Node',
            rowHeader: true,
            cell: ({ node, loop }) => (
              <>
                {loop && <span className="muted body-marker">↳ </span>}
                <button
                  type="button"
                  className="link"
                  aria-pressed={node.id === selectedId}
                  onClick={() => onSelect(node.id)}
                >
                  {node.name}
                </button>
                {node.type && <span className="muted node-type"> {node.type.replaceAll('_', ' ')}</span>}
              </>
            ),
          },
          {
            label: 'Status',
            cell: ({ node, task, loop, counts }) =>
              loop ? (
                <span className="muted">per item{counts && counts.total > 0 ? `: ${bodyText(counts)}` : ''}</span>
              ) : (
                <>
                  {task ? <StatusBadge status={task.status} /> : <span className="muted">not started</span>}
                  {node.type === 'for_each' && counts && task && <LoopProgress counts={counts} name={node.name} />}
                </>
              ),
          },
          { label: 'Attempts', cell: ({ task }) => task?.attemptCount ?? 0 },
          { label: 'Started', cell: ({ task }) => formatDateTime(task?.startedAt) },
          { label: 'Finished', cell: ({ task }) => formatDateTime(task?.finishedAt) },
          { label: 'Duration', cell: ({ task }) => formatDuration(elapsed(task?.startedAt, task?.finishedAt)) },
        ]}
      />
    </div>
  );
}
