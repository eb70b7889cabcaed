import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { CheckboxField } from '../../ui/field';
import { JsonTextField } from '../../ui/json-text-field';
import { ActionError } from './action-error';

type Workflow = RouterOutputs['workflows']['get'];

/**
 * Offers the workflow to AI agents as a tool of the MCP server (`/mcp`), with an optional JSON
 * Schema for the tool's arguments; the API checks the schema and says what is wrong with it.
 */
export function AgentToolPanel({ workflow }: { workflow: Workflow }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(workflow.agentTool);
  const [schemaText, setSchemaText] = useState(
    workflow.agentInputSchema ? JSON.stringify(workflow.agentInputSchema, null, 2) : '',
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.workflows.setAgentTool.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.get.queryKey({ workflowId: workflow.id }) });
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    let inputSchema: unknown = null;
    if (schemaText.trim() !== '') {
      try {
        inputSchema = JSON.parse(schemaText);
      } catch (error) {
        setProblem(`The input schema is not valid JSON: ${(error as Error).message}.`);
        return;
      }
    }
    setProblem(null);
    save.mutate({ workflowId: workflow.id, enabled, inputSchema });
  }

  return (
    <form className="panel" aria-labelledby="agent-tool-title" onSubmit={submit}>
      <h2 id="agent-tool-title">AI agents</h2>
      <CheckboxField
        label="Available to AI agents (MCP)"
        hint="While the workflow is active, agents connected with one of your API tokens can run it as a tool."
        checked={enabled}
        onChange={setEnabled}
      />
      <JsonTextField
        label="Input schema (JSON Schema, optional)"
        hint={
          <>What the tool's arguments must be, e.g. {'{"type": "object", "properties": {…}}'}; empty for any object.</>
        }
        problem={problem}
        rows={5}
        value={schemaText}
        onChange={(next) => {
          setSchemaText(next);
          setProblem(null);
        }}
      />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Save'}
      </button>
      {saved && !save.isPending && (
        <p className="success" role="status">
          Saved.
        </p>
      )}
      <ActionError error={save.error} action="save the agent settings" />
    </form>
  );
}
