import type { Ref } from 'react';
import { Field } from '../../ui/field';

/**
 * A run's input typed as a JSON object, as Run now and Test run take it. The form checks it on
 * submit (parseRunInput) and hands back the problem, shown under the field and read out with it.
 */
export function RunInputField({
  value,
  onChange,
  problem,
  editorRef,
}: {
  value: string;
  onChange: (text: string) => void;
  problem: string | null;
  /** Where the form sends focus back to when it refuses the text. */
  editorRef: Ref<HTMLTextAreaElement>;
}) {
  return (
    <Field
      label="Input (JSON object)"
      hint={<>The run reads it as trigger, e.g. {'{{ trigger.customer }}'}.</>}
      error={problem ?? undefined}
    >
      {(control) => (
        <textarea
          {...control}
          ref={editorRef}
          className="wf-code"
          rows={6}
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
