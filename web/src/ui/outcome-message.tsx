import { ErrorMessage } from './query-view';

/** What the last change on a page came to: kept in one line so a refusal is not missed. */
export type Outcome = { ok: boolean; message: string } | null;

export function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  if (!outcome.ok) return <ErrorMessage message={outcome.message} />;
  return (
    <p className="success" role="status">
      {outcome.message}
    </p>
  );
}
