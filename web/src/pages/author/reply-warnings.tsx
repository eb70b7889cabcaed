import { useId } from 'react';

/**
 * What the assistant's reply says the proposal does that its changes do not bear out, shown before
 * the decision: the person should trust the changes, not the prose. The server finds them
 * (`checkReplyClaims`, against the same current spec as the changes).
 */
export function ReplyWarnings({ warnings }: { warnings: readonly string[] }) {
  const titleId = useId();
  if (warnings.length === 0) return null;
  return (
    <div className="notice reply-warnings" role="alert" aria-labelledby={titleId}>
      <p id={titleId} className="reply-warnings-title">
        The reply and the change disagree:
      </p>
      <ul>
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
      <p className="muted">Check the Changes tab before accepting, or tell the assistant what you meant.</p>
    </div>
  );
}
