import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { ActionError } from './action-error';
import { ApprovalChoices, type ApprovalChoice } from './approval-choices';
import { readSpec } from './read-spec';
import { RunInputField, useRunInput } from './run-input-field';

type Workflow = RouterOutputs['workflows']['get'];

/**
 * Starts a test run of the saved spec (decision 0011) with a JSON input and a decision per
 * approval node; nothing leaves the run. `onStarted` gets the run, whose preview the page shows.
 */
export function TestRunPanel({ workflow, onStarted }: { workflow: Workflow; onStarted: (runId: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = useRunInput();
  const [choices, setChoices] = useState<Record<string, ApprovalChoice>>({});
  const approvals = readSpec(workflow.spec)?.nodes.filter((node) => node.type === 'approval') ?? [];
  const start = useMutation(
    trpc.runs.test.mutationOptions({
      onSuccess: (run) => {
        void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
        onStarted(run.id);
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = input.read();
    if (!parsed) return;
    // Only the approvals the spec still has: a choice kept from an earlier version would be refused.
    const decisions = Object.fromEntries(approvals.map((node) => [node.id, choices[node.id] ?? 'approved']));
    start.mutate({ workflowId: workflow.id, input: parsed, approvals: decisions });
  }

  return (
    <form className="panel" aria-labelledby="test-run-title" onSubmit={submit}>
      <h2 id="test-run-title">Test run</h2>
      <p className="muted">
        Runs the saved spec without acting outside: requests, emails, rows and prompts are rendered, not sent, and
        answered with samples.
      </p>
      <RunInputField {...input.field} />
      <ApprovalChoices
        approvals={approvals}
        choices={choices}
        onChange={(nodeId, choice) => setChoices((current) => ({ ...current, [nodeId]: choice }))}
      />
      <button type="submit" disabled={start.isPending}>
        {start.isPending ? 'Starting…' : 'Run test'}
      </button>
      <ActionError error={start.error} action="start the test" />
    </form>
  );
}
