import type { ReactNode, Ref } from 'react';
import { Field } from './field';

/**
 * JSON typed as text: a labelled monospace textarea, its hint, and the problem the form found in
 * it, shown under it and read out with it. The spec editor, a run's input, a pinned output and an
 * agent tool's input schema are typed in one.
 */
export function JsonTextField({
  label,
  hint,
  problem,
  value,
  onChange,
  rows,
  className,
  editorRef,
}: {
  label: string;
  hint: ReactNode;
  problem: string | null;
  value: string;
  onChange: (text: string) => void;
  rows: number;
  /** Classes beside `wf-code`, for a field's own size. */
  className?: string;
  /** Where a form sends focus back to when it refuses the text. */
  editorRef?: Ref<HTMLTextAreaElement>;
}) {
  return (
    <Field label={label} hint={hint} error={problem ?? undefined}>
      {(control) => (
        <textarea
          {...control}
          ref={editorRef}
          className={className ? `wf-code ${className}` : 'wf-code'}
          rows={rows}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
