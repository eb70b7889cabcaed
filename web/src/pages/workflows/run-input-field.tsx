import { useRef, useState, type Ref } from 'react';
import { parseRunInput, type RunInput } from '../../../../core/run/run-input';
import { JsonTextField } from '../../ui/json-text-field';

/**
 * The state of a run's input field, for a form that starts a run: `field` goes to RunInputField,
 * and `read()` on submit gives the input, or null after showing the problem and focusing the field.
 */
export function useRunInput() {
  const [text, setText] = useState('{}');
  const [problem, setProblem] = useState<string | null>(null);
  const editorRef = useRef<HTMLTextAreaElement>(null);
  return {
    field: {
      value: text,
      onChange: (next: string) => {
        setText(next);
        setProblem(null);
      },
      problem,
      editorRef,
    },
    read(): RunInput | null {
      const parsed = parseRunInput(text, 'The input');
      if ('problem' in parsed) {
        setProblem(parsed.problem);
        // Back to the field, whose error is read out with it.
        editorRef.current?.focus();
        return null;
      }
      setProblem(null);
      return parsed.input;
    },
  };
}

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
    <JsonTextField
      label="Input (JSON object)"
      hint={<>The run reads it as trigger, e.g. {'{{ trigger.customer }}'}.</>}
      problem={problem}
      editorRef={editorRef}
      rows={6}
      value={value}
      onChange={onChange}
    />
  );
}
