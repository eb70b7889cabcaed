import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { OutcomeMessage, type Outcome } from '../../ui/outcome-message';
import { QueryView } from '../../ui/query-view';
import { PinOutputForm } from './pin-output-form';
import { pinnableNodes, pinTemplate } from './pin-template';
import { pinRows, PinsTable, type PinRow } from './pins-table';
import { readSpec } from './read-spec';

type Workflow = RouterOutputs['workflows']['get'];

/**
 * The outputs pinned on the workflow's current version, one row per node that takes a pin (those
 * acting outside the run), each with Pin output (a JSON editor) and Unpin. Test runs answer with
 * a pin before the last real output or a derived sample; real runs never read pins.
 */
export function PinnedOutputsPanel({ workflow }: { workflow: Workflow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const panel = useRef<HTMLElement>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const spec = readSpec(workflow.spec);
  const nodes = pinnableNodes(spec);
  const pinsKey = trpc.workflows.pins.queryKey({ workflowId: workflow.id });
  const pins = useQuery(trpc.workflows.pins.queryOptions({ workflowId: workflow.id }));
  const unpin = useMutation(
    trpc.workflows.unpin.mutationOptions({ onSuccess: (data) => queryClient.setQueryData(pinsKey, data) }),
  );
  // Back to the button that opened the editor, instead of losing focus with the form.
  const closeEditor = (nodeId: string) => {
    setEditing(null);
    panel.current?.querySelector<HTMLButtonElement>(`[data-pin-node="${nodeId}"]`)?.focus();
  };
  const unpinRow = (row: PinRow) =>
    unpin.mutate(
      { workflowId: workflow.id, nodeId: row.nodeId },
      {
        onSuccess: () => setOutcome({ ok: true, message: `Unpinned ${row.name}.` }),
        onError: (error) => setOutcome({ ok: false, message: `Could not unpin ${row.name}: ${error.message}` }),
      },
    );

  return (
    <section className="panel" aria-labelledby="pins-title" ref={panel}>
      <h2 id="pins-title">Pinned outputs</h2>
      <p className="muted">
        Test runs answer a node that acts outside the run with its pinned output, else its last real output, else a
        sample derived from what later nodes read. Real runs never read pins.
      </p>
      <QueryView query={pins} label="pinned outputs">
        {({ version, pins: pinned }) => {
          const rows = pinRows(nodes, pinned);
          const edited = nodes.find((node) => node.id === editing);
          if (rows.length === 0)
            return (
              <div className="empty-state">
                No node of this workflow acts outside the run (HTTP request, email, Google Sheets, language model), so
                there is nothing to pin: a test runs every node for real.
              </div>
            );
          return (
            <>
              <p>
                {Object.keys(pinned).length === 0
                  ? `Nothing is pinned on version ${version}.`
                  : `Pinned on version ${version}; a new version keeps the pins of the nodes it keeps.`}
              </p>
              <PinsTable
                rows={rows}
                editing={editing}
                onEdit={(row) => {
                  setOutcome(null);
                  setEditing(editing === row.nodeId ? null : row.nodeId);
                }}
                onUnpin={unpinRow}
                unpinning={unpin.isPending}
              />
              {spec && edited && (
                <PinOutputForm
                  key={edited.id}
                  workflowId={workflow.id}
                  node={edited}
                  initialText={pinTemplate(spec, edited, pinned[edited.id])}
                  onPinned={() => {
                    setOutcome({ ok: true, message: `Pinned the output of ${edited.name}: test runs answer with it.` });
                    closeEditor(edited.id);
                  }}
                  onCancel={() => closeEditor(edited.id)}
                />
              )}
              <OutcomeMessage outcome={outcome} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
