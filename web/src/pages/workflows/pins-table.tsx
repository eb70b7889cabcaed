import { ConfirmButton } from '../../ui/confirm-button';
import { JsonView } from '../../ui/json-view';
import { StackedTable } from '../../ui/stacked-table';
import type { PinnableNode } from './pin-template';

/** A node that takes a pin, or a pin whose node the spec no longer has as one (type null). */
export interface PinRow {
  nodeId: string;
  name: string;
  type: string | null;
  pinned: boolean;
  output: unknown;
}

/** One row per node that takes a pin, in the spec's order, then any pin left without such a node. */
export function pinRows(nodes: PinnableNode[], pinned: Record<string, unknown>): PinRow[] {
  return [
    ...nodes.map((node) => ({
      nodeId: node.id,
      name: node.name,
      type: node.type as string,
      pinned: Object.hasOwn(pinned, node.id),
      output: pinned[node.id],
    })),
    // Shown so that it can be removed, though no test reads it.
    ...Object.keys(pinned)
      .filter((nodeId) => !nodes.some((node) => node.id === nodeId))
      .map((nodeId) => ({ nodeId, name: nodeId, type: null, pinned: true, output: pinned[nodeId] })),
  ];
}

/** Each node's pinned output (or "Not pinned") with Pin output / Change pin, which opens the editor, and Unpin. */
export function PinsTable({
  rows,
  editing,
  onEdit,
  onUnpin,
  unpinning,
}: {
  rows: PinRow[];
  /** The node whose editor is open. */
  editing: string | null;
  onEdit: (row: PinRow) => void;
  onUnpin: (row: PinRow) => void;
  unpinning: boolean;
}) {
  return (
    <StackedTable
      className="wf-pins"
      aria-label="Pinned outputs"
      rows={rows}
      rowKey={(row) => row.nodeId}
      columns={[
        {
          label: 'Node',
          rowHeader: true,
          cell: (row) => (
            <>
              {row.name}
              {row.type && <span className="muted wf-node-type"> {row.type.replaceAll('_', ' ')}</span>}
            </>
          ),
        },
        {
          label: 'Pinned output',
          className: 'wf-pin-output',
          cell: (row) =>
            row.pinned ? (
              <JsonView value={row.output} label={`Pinned output of ${row.name}`} />
            ) : (
              <span className="muted">Not pinned</span>
            ),
        },
        {
          label: 'Actions',
          cell: (row) => (
            <div className="wf-row-actions">
              {row.type && (
                <button
                  type="button"
                  className="secondary small"
                  data-pin-node={row.nodeId}
                  aria-label={`${row.pinned ? 'Change pin' : 'Pin output'} of ${row.name}`}
                  aria-expanded={editing === row.nodeId}
                  onClick={() => onEdit(row)}
                >
                  {row.pinned ? 'Change pin' : 'Pin output'}
                </button>
              )}
              {row.pinned && (
                <ConfirmButton
                  label="Unpin"
                  accessibleLabel={`Unpin ${row.name}`}
                  question={`Unpin the output of ${row.name}? Tests go back to its last real output or a derived sample.`}
                  disabled={unpinning}
                  onConfirm={() => onUnpin(row)}
                />
              )}
            </div>
          ),
        },
      ]}
    />
  );
}
