import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../../trpc';
import { QueryView } from '../../ui/query-view';
import { readSpec } from './read-spec';
import { SpecJsonEditor } from './spec-json-editor';
import { specToText } from './spec-text';

type Workflow = RouterOutputs['workflows']['get'];

/** The editor's id, for the button that opens it. */
export const editSpecFormId = 'edit-spec-form';

/**
 * Changes a workflow's spec by hand: the current spec as JSON, the change against the current
 * version as it is typed, and Save, which records the next version. `onSaved` gets its number (null if the list could not be reloaded).
 */
export function EditSpecPanel({
  workflow,
  onSaved,
  onCancel,
}: {
  workflow: Workflow;
  onSaved: (version: number | null) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Shared with the Versions panel below: one request, and the number the changes are against.
  const versions = useQuery(trpc.workflows.versions.queryOptions({ workflowId: workflow.id }));
  const save = useMutation(
    trpc.workflows.updateSpec.mutationOptions({
      onSuccess: async () => {
        // The header, graph, trigger and versions all read the spec; wait for them to refetch, so
        // the number reported is the version the list now shows.
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.pathKey() });
        const saved = queryClient.getQueryData(trpc.workflows.versions.queryKey({ workflowId: workflow.id }))?.[0]
          ?.version;
        onSaved(saved ?? null);
      },
    }),
  );
  const current = readSpec(workflow.spec);

  return (
    <QueryView query={versions} label="the current version">
      {(list) => {
        const label = `version ${list[0]?.version ?? '?'}`;
        return (
          <SpecJsonEditor
            id={editSpecFormId}
            title="Edit spec (JSON)"
            // Read through the schema, the keys come in the language's order (trigger, nodes, edges;
            // id, type, name, config), not the order the database keeps them in.
            initialText={specToText(current ?? workflow.spec)}
            // A spec saved before a change of the language cannot be compared: all of it shows as new.
            baseline={current && { spec: current, label }}
            changesLabel={
              current
                ? `Changes against ${label}`
                : 'The new spec (the current one does not read as today’s spec language)'
            }
            submitLabel="Save as new version"
            pendingLabel="Saving…"
            pending={save.isPending}
            error={save.error}
            action="save the spec"
            onSave={(spec) => save.mutate({ workflowId: workflow.id, spec, llmPromptVersion: null })}
            onCancel={onCancel}
          />
        );
      }}
    </QueryView>
  );
}
