import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RefObject } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ConfirmButton } from '../../ui/confirm-button';
import { formatDateTime } from '../../ui/format';
import { StatusBadge } from '../../ui/status-badge';
import { ActionError } from './action-error';
import { triggerText } from '../../ui/trigger-text';
import { editSpecFormId } from './edit-spec-panel';
import { readSpec } from './read-spec';

type Workflow = RouterOutputs['workflows']['get'];

/** The JSON editor's state, which the page owns: the editor opens below the header, full width. */
interface EditSpecToggle {
  open: boolean;
  onToggle: () => void;
}

/**
 * Name, status and facts of a workflow, with what can be done to it as a whole. `editButtonRef` is
 * the "Edit spec" button, which the page focuses again when the editor closes.
 */
export function WorkflowHeader({
  workflow,
  editSpec,
  editButtonRef,
}: {
  workflow: Workflow;
  editSpec: EditSpecToggle;
  editButtonRef: RefObject<HTMLButtonElement | null>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Status and spec show up in the list, the trigger details and the versions: refresh them all.
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
  const activate = useMutation(trpc.workflows.activate.mutationOptions({ onSuccess: refresh }));
  const archive = useMutation(trpc.workflows.archive.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.workflows.delete.mutationOptions({
      onSuccess: async () => {
        // Only lists: refetching this workflow now would only find it gone.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.pathKey() }),
        ]);
        await navigate('/workflows', { state: { deleted: workflow.name } });
      },
    }),
  );
  const busy = activate.isPending || archive.isPending || remove.isPending;
  const trigger = readSpec(workflow.spec)?.trigger;

  return (
    <header className="wf-header">
      <div className="wf-heading">
        <h1 id="page-title">{workflow.name}</h1>
        <StatusBadge status={workflow.status} />
      </div>
      {workflow.description && <p className="muted">{workflow.description}</p>}
      <dl className="facts">
        <dt>Trigger</dt>
        <dd>{trigger ? triggerText(trigger) : workflow.triggerType}</dd>
        <dt>Last updated</dt>
        <dd>{formatDateTime(workflow.updatedAt)}</dd>
        <dt>Prompt version</dt>
        <dd>{workflow.llmPromptVersion ?? 'none (written by hand)'}</dd>
      </dl>
      <div className="toolbar" role="group" aria-label="Workflow actions">
        {workflow.status !== 'active' && (
          <button
            type="button"
            className="small"
            disabled={busy}
            onClick={() => activate.mutate({ workflowId: workflow.id })}
          >
            {activate.isPending ? 'Activating…' : 'Activate'}
          </button>
        )}
        {workflow.status !== 'archived' && (
          <ConfirmButton
            label="Archive"
            question="Archive this workflow? It stops running on its schedule or webhook, and cannot be run until activated again."
            confirmLabel="Archive workflow"
            disabled={busy}
            onConfirm={() => archive.mutate({ workflowId: workflow.id })}
          />
        )}
        <button
          type="button"
          className="secondary small"
          ref={editButtonRef}
          aria-expanded={editSpec.open}
          aria-controls={editSpec.open ? editSpecFormId : undefined}
          onClick={editSpec.onToggle}
        >
          Edit spec (JSON)
        </button>
        <Link to={`/author?workflowId=${workflow.id}`}>Edit in chat</Link>
        <ConfirmButton
          label="Delete"
          question="Delete this workflow with its versions and the history of its runs? This cannot be undone."
          confirmLabel="Delete workflow"
          disabled={busy}
          onConfirm={() => remove.mutate({ workflowId: workflow.id })}
        />
      </div>
      <ActionError error={activate.error} action="activate the workflow" />
      <ActionError error={archive.error} action="archive the workflow" />
      <ActionError error={remove.error} action="delete the workflow" />
    </header>
  );
}
