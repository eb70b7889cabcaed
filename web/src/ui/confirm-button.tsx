import { useState } from 'react';
import './confirm-button.css';

/**
 * A button that asks once more, in place, before an action that is hard to undo or changes
 * someone's access. Focus lands on "Cancel", so a second Enter does not confirm by accident.
 */
export function ConfirmButton({
  label,
  accessibleLabel,
  question,
  confirmLabel = label,
  onConfirm,
  disabled,
}: {
  /** The button's text, e.g. "Delete". */
  label: string;
  /** A fuller name for screen readers and tests, e.g. "Delete secret API_KEY". */
  accessibleLabel?: string;
  /** What is about to happen, e.g. "Delete API_KEY? Nodes using it will fail." */
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button
        type="button"
        className="secondary small"
        aria-label={accessibleLabel}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        type="button"
        className="danger small"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="secondary small" autoFocus onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
