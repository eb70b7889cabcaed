import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ConfirmButton } from '../../ui/confirm-button';
import { formatDateTime } from '../../ui/format';
import { QueryView } from '../../ui/query-view';
import { StackedTable } from '../../ui/stacked-table';
import { ConnectionResult } from './connection-result';
import { ConnectorEditor } from './connector-editor';
import { ConnectorForm } from './connector-form';
import { useOwnerLabel } from './owner-label';
import { connectorTypes, typeLabels } from './settings-fields';
import { OutcomeMessage, type Outcome } from '../../ui/outcome-message';

type ListItem = RouterOutputs['connectors']['list'][number];
type Editing = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; connectorId: string };

const knownType = (type: string) => (connectorTypes as string[]).includes(type);
const typeLabel = (type: string) => (knownType(type) ? typeLabels[type as keyof typeof typeLabels] : type);

/** The connectors table, with create, edit, test and delete. */
export function ConnectorsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const connectors = useQuery(trpc.connectors.list.queryOptions({}));
  const ownerOf = useOwnerLabel();
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [tested, setTested] = useState<{ name: string; result: RouterOutputs['connectors']['test'] } | null>(null);

  const test = useMutation(trpc.connectors.test.mutationOptions());
  const remove = useMutation(
    trpc.connectors.delete.mutationOptions({
      // Returning the refetch keeps the deletion pending until the table no longer shows it.
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.connectors.list.pathKey() }),
    }),
  );

  function testSaved(connector: ListItem) {
    setOutcome(null);
    setTested(null);
    test.mutate(
      { connectorId: connector.id },
      {
        onSuccess: (result) => setTested({ name: connector.name, result }),
        onError: (error) => setOutcome({ ok: false, message: `Could not test ${connector.name}: ${error.message}` }),
      },
    );
  }

  function deleteConnector(connector: ListItem) {
    setOutcome(null);
    setTested(null);
    remove.mutate(
      { connectorId: connector.id },
      {
        onSuccess: () => {
          setOutcome({ ok: true, message: `Deleted ${connector.name}.` });
          setEditing((current) =>
            current.mode === 'edit' && current.connectorId === connector.id ? { mode: 'closed' } : current,
          );
        },
        onError: (error) => setOutcome({ ok: false, message: `Could not delete ${connector.name}: ${error.message}` }),
      },
    );
  }

  // A new form starts clean: an earlier outcome or test result would read as being about it.
  const open = (next: Editing) => {
    setOutcome(null);
    setTested(null);
    setEditing(next);
  };
  const close = () => setEditing({ mode: 'closed' });
  const onSaved = (connector: { name: string }, created: boolean) => {
    setTested(null);
    setOutcome({ ok: true, message: created ? `Created ${connector.name}.` : `Saved ${connector.name}.` });
    close();
  };

  return (
    <section className="panel" aria-labelledby="connectors-title">
      <div className="section-header">
        <h2 id="connectors-title">Connectors</h2>
        {editing.mode === 'closed' && (
          <button type="button" onClick={() => open({ mode: 'new' })}>
            New connector
          </button>
        )}
      </div>
      <p className="muted">
        What workflow nodes use to reach a service: an HTTP API, a mail server, Google Sheets, an OpenAI-compatible
        model.
      </p>
      <OutcomeMessage outcome={outcome} />
      {tested && <ConnectionResult result={tested.result} name={tested.name} />}
      {test.isPending && (
        <p className="muted" role="status">
          Testing…
        </p>
      )}
      {editing.mode === 'new' && <ConnectorForm connector={null} onSaved={onSaved} onCancel={close} />}
      {editing.mode === 'edit' && (
        <ConnectorEditor connectorId={editing.connectorId} onSaved={onSaved} onCancel={close} />
      )}
      <QueryView
        query={connectors}
        label="connectors"
        isEmpty={(list) => list.length === 0}
        empty="No connectors yet. Create one to let workflows reach a service."
      >
        {(list) => (
          <StackedTable
            rows={list}
            rowKey={(connector) => connector.id}
            columns={[
              { label: 'Name', className: 'wrap-anywhere', cell: (connector) => connector.name },
              { label: 'Type', cell: (connector) => typeLabel(connector.type) },
              ownerOf && { label: 'Owner', cell: (connector) => ownerOf(connector.ownerId) },
              {
                label: 'Credentials',
                cell: (connector) => (connector.hasSecret ? 'stored' : <span className="muted">none</span>),
              },
              { label: 'Created', cell: (connector) => formatDateTime(connector.createdAt) },
              {
                label: 'Actions',
                cell: (connector) => (
                  <div className="row-actions">
                    {knownType(connector.type) && (
                      <button
                        type="button"
                        className="secondary small"
                        aria-label={`Edit ${connector.name}`}
                        onClick={() => open({ mode: 'edit', connectorId: connector.id })}
                      >
                        Edit
                      </button>
                    )}
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={`Test ${connector.name}`}
                      disabled={test.isPending}
                      onClick={() => testSaved(connector)}
                    >
                      Test
                    </button>
                    <ConfirmButton
                      label="Delete"
                      accessibleLabel={`Delete ${connector.name}`}
                      question={`Delete ${connector.name} and its credentials?`}
                      disabled={remove.isPending}
                      onConfirm={() => deleteConnector(connector)}
                    />
                  </div>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
