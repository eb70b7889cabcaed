import { useId, type ReactNode } from 'react';
import './field.css';

/** What a form control needs to be tied to its label, hint and error. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * A control's hint and error, rendered under it with ids of their own, and the props that tie the
 * control to them (aria-describedby) and mark it invalid, so a person knows which field to fix and why.
 */
function useDescribedControl(hint: ReactNode | undefined, error: string | undefined) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control: FieldControlProps = {
    id,
    'aria-invalid': Boolean(error),
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
  };
  const notes = (
    <>
      {hint && (
        <p className="field-hint muted" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </>
  );
  return { control, notes };
}

/** A labelled form control with an optional hint and its error underneath (useDescribedControl). */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const { control, notes } = useDescribedControl(hint, error);
  return (
    <div className="field">
      <label htmlFor={control.id}>{label}</label>
      {children(control)}
      {notes}
    </div>
  );
}

/** A checkbox with its label beside it, and an optional hint and error underneath, as Field has. */
export function CheckboxField({
  label,
  hint,
  error,
  checked,
  onChange,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { control, notes } = useDescribedControl(hint, error);
  return (
    <div className="field">
      <label className="checkbox">
        <input {...control} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
        {label}
      </label>
      {notes}
    </div>
  );
}
