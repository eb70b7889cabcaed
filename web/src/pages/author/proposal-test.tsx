import { useId } from 'react';
import { Link } from 'react-router';
import { TestRunPreview } from '../runs/test-preview';

/**
 * What the proposal would do, as the assistant's test run of it with sample data found (nothing was
 * sent): the requests, emails, rows and prompts, beside its changes, before anyone accepts it.
 */
export function ProposalTest({ runId }: { runId: string | null }) {
  const titleId = useId();
  return (
    <section className="proposal-test" aria-labelledby={titleId}>
      <h3 id={titleId}>What it would do</h3>
      {runId === null ? (
        <p className="muted">
          This proposal was not tested (Temporal could not be reached), or its test run is no longer kept. Test it from
          its workflow.
        </p>
      ) : (
        <>
          <p className="muted">
            From a <Link to={`/runs/${runId}`}>test run</Link> with sample data: nothing was sent.
          </p>
          <TestRunPreview runId={runId} />
        </>
      )}
    </section>
  );
}
