import { elapsed, formatDateTime, formatDuration } from '../../ui/format';
import { StatusBadge } from '../../ui/status-badge';
import type { NodeRow } from './run-nodes';
import { useTicker } from './use-ticker';

/** Every node of the run with its status, attempts and timings; a node's name selects it. */
export function RunTasksTable({ rows, selectedId, onSelect, live }: { rows: NodeRow[]; selectedId: string | null; onSelect: (nodeId: string) => void; live: boolean }) {
  useTicker(live);
  return (
    <div className="panel">
      <h2>Nodes</h2>
      <div className="table-wrap">
        <table className="run-tasks stack-on-phone" aria-label="Nodes of this run">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ node, task }) => (
              <tr key={node.id} className={node.id === selectedId ? 'selected-row' : undefined} aria-selected={node.id === selectedId}>
                <th scope="row">
                  <button type="button" className="link" aria-pressed={node.id === selectedId} onClick={() => onSelect(node.id)}>
                    {node.name}
                  </button>
                  {node.type && <span className="muted node-type"> {node.type.replaceAll('_', ' ')}</span>}
                </th>
                <td data-label="Status">{task ? <StatusBadge status={task.status} /> : <span className="muted">not started</span>}</td>
                <td data-label="Attempts">{task?.attemptCount ?? 0}</td>
                <td data-label="Started">{formatDateTime(task?.startedAt)}</td>
                <td data-label="Finished">{formatDateTime(task?.finishedAt)}</td>
                <td data-label="Duration">{formatDuration(elapsed(task?.startedAt, task?.finishedAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
