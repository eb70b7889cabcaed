import {
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ComponentProps,
  type FormEvent,
  type ReactNode,
} from 'react';
import { diffSpecs } from '../../../../core/spec/spec-diff';
import type { WorkflowSpec } from '../../../../core/spec/spec.schema';
import { JsonTextField } from '../../ui/json-text-field';
import { SpecChanges } from '../../ui/spec-changes';
import { ActionError, ProblemList } from './action-error';
import { readSpecText, sameSpec, type SpecText } from './spec-text';

/**
 * A spec written as JSON, for creating a workflow or changing one without the chat. The text is
 * read as it is typed, and what it would change is shown beside it; Save sends it only once it is
 * JSON, and a refusal keeps the text with the API's problems listed, so nothing typed is lost.
 */
export function SpecJsonEditor({
  id,
  title,
  initialText,
  baseline,
  changesLabel,
  submitLabel,
  pendingLabel,
  pending,
  error,
  action,
  onSave,
  onCancel,
  children,
}: {
  /** The form's id, for the button that opens it to point at (aria-controls). */
  id: string;
  title: string;
  initialText: string;
  /** The spec the changes are shown against: the current version, or null for a new workflow. */
  baseline: { spec: WorkflowSpec; label: string } | null;
  /** Names the changes, e.g. "Changes against version 3". */
  changesLabel: string;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  error: ComponentProps<typeof ActionError>['error'];
  /** What Save does, for its error: "save the spec". */
  action: string;
  /** Called with the parsed JSON; the API says whether it is a valid spec. */
  onSave: (spec: unknown) => void;
  onCancel: () => void;
  /** Fields before the spec, e.g. the new workflow's name. */
  children?: ReactNode;
}) {
  const titleId = useId();
  const [text, setText] = useState(initialText);
  const [problem, setProblem] = useState<string | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // Opened by a button: typing starts in its first field (the name, or else the spec).
  useEffect(() => form.current?.querySelector<HTMLElement>('input, textarea')?.focus(), []);
  // Reading a long spec on every key would slow typing: the preview may lag a keystroke behind.
  const deferred = useDeferredValue(text);
  const preview = useMemo(() => readSpecText(deferred), [deferred]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const read = readSpecText(text);
    if (read.kind === 'not-json') return refuse(read.problem);
    if (read.kind === 'spec' && baseline && sameSpec(read.spec, baseline.spec))
      return refuse(`Nothing to save: this is the same as ${baseline.label}.`);
    setProblem(null);
    onSave(read.value);
  }

  /** Sends nothing, and goes back to the field, whose error is read out with it. */
  function refuse(why: string) {
    setProblem(why);
    editor.current?.focus();
  }

  return (
    <form id={id} ref={form} className="panel" aria-labelledby={titleId} onSubmit={submit}>
      <h2 id={titleId}>{title}</h2>
      {children}
      <div className="wf-spec-editor-columns">
        <JsonTextField
          label="Spec (JSON)"
          hint="An object with trigger, nodes and edges. Its shape is checked as you type; the server checks the rest when you save."
          problem={problem}
          editorRef={editor}
          className="wf-spec-text"
          rows={18}
          value={text}
          onChange={(next) => {
            setText(next);
            setProblem(null);
          }}
        />
        {/* Not a region of its own: the changes inside are one, under the same name. */}
        <div className="wf-spec-preview">
          <h3>{changesLabel}</h3>
          <SpecPreview read={preview} baseline={baseline} changesLabel={changesLabel} />
        </div>
      </div>
      <div className="toolbar">
        <button type="submit" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ActionError error={error} action={action} />
    </form>
  );
}

/** The change the text would make, or, while it is not a spec yet, why not. */
function SpecPreview({
  read,
  baseline,
  changesLabel,
}: {
  read: SpecText;
  baseline: { spec: WorkflowSpec; label: string } | null;
  changesLabel: string;
}) {
  if (read.kind === 'not-json') return <p className="muted">The changes show here once the text is valid JSON.</p>;
  if (read.kind === 'not-spec') {
    return (
      <div className="wf-spec-problems">
        <p>This is JSON, but not a spec yet:</p>
        <ProblemList problems={read.problems} />
      </div>
    );
  }
  return (
    <SpecChanges
      diff={diffSpecs(baseline?.spec ?? null, read.spec)}
      label={changesLabel}
      unchanged={`No changes against ${baseline?.label ?? 'the current spec'} yet.`}
    />
  );
}
