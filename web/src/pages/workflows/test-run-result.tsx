import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { TestRunPreview } from '../runs/test-preview';

/**
 * The preview of the test just started from this page, under the panels, full width. Focus moves
 * to its heading when a test starts, so keyboard and screen reader users land on the result.
 */
export function TestRunResult({ runId }: { runId: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [runId]);
  return (
    <section className="panel" aria-labelledby="test-result-title">
      <h2 id="test-result-title" ref={heading} tabIndex={-1}>
        Test run preview
      </h2>
      <p className="test-run-notice">
        Test run — nothing was sent. <Link to={`/runs/${runId}`}>Open the test run</Link> for each node's output and
        log.
      </p>
      <TestRunPreview key={runId} runId={runId} />
    </section>
  );
}
