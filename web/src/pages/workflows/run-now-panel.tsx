import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ActionError } from './action-error';
import { RunInputField, useRunInput } from './run-input-field';

type Workflow = RouterOutputs['workflows']['get'];

/** Starts a run by hand with a JSON input, checked here first, then opens the run. */
export function RunNowPanel({ workflow }: { workflow: Workflow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const input = useRunInput();
  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: async (run) => {
        await queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
        await navigate(`/runs/${run.id}`);
      },
    }),
  );
  const archived = workflow.status === 'archived';

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = input.read();
    if (parsed) start.mutate({ workflowId: workflow.id, input: parsed });
  }

  return (
    <form className="panel" aria-labelledby="run-now-title" onSubmit={submit}>
      <h2 id="run-now-title">Run now</h2>
      <RunInputField {...input.field} />
      <button type="submit" disabled={start.isPending || archived}>
        {start.isPending ? 'Starting…' : 'Run now'}
      </button>
      {archived && <p className="muted">An archived workflow does not run: activate it first.</p>}
      <ActionError error={start.error} action="start the run" />
    </form>
  );
}
