import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTRPC } from '../../trpc';
import { Field } from '../../ui/field';
import { fieldErrors } from '../../ui/field-errors';
import { SpecJsonEditor } from './spec-json-editor';
import { exampleSpecText } from './spec-text';

/** The form's id, for the button that opens it. */
export const newWorkflowFormId = 'new-workflow-form';

/**
 * A new draft workflow from a name and a spec written as JSON, without the chat (which needs a
 * language model configured); on success it opens the workflow's page.
 */
export function NewWorkflowForm({ onCancel }: { onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const create = useMutation(
    trpc.workflows.create.mutationOptions({
      onSuccess: async (workflow) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workflows.list.pathKey() });
        await navigate(`/workflows/${workflow.id}`);
      },
    }),
  );
  // A name the API refused (it checks length and blanks again) shows at the name, not as a general error.
  const apiNameProblem = fieldErrors(create.error).name?.join(' ');

  function save(spec: unknown) {
    if (!name.trim()) {
      setNameProblem('Give the workflow a name.');
      nameInput.current?.focus();
      return;
    }
    create.mutate({ name: name.trim(), description: null, spec });
  }

  return (
    <SpecJsonEditor
      id={newWorkflowFormId}
      title="New workflow from JSON"
      initialText={exampleSpecText}
      baseline={null}
      changesLabel="What the new workflow does"
      submitLabel="Create workflow"
      pendingLabel="Creating…"
      pending={create.isPending}
      error={apiNameProblem ? null : create.error}
      action="create the workflow"
      onSave={save}
      onCancel={onCancel}
    >
      <Field
        label="Name"
        hint="It is created as a draft: activate it on its page."
        error={nameProblem ?? apiNameProblem}
      >
        {(control) => (
          <input
            {...control}
            ref={nameInput}
            maxLength={255}
            autoComplete="off"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setNameProblem(null);
            }}
          />
        )}
      </Field>
    </SpecJsonEditor>
  );
}
