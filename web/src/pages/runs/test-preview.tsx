import { useId } from 'react';
import { Link } from 'react-router';
import { QueryView } from '../../ui/query-view';
import { StatusBadge } from '../../ui/status-badge';
import { isLive, type PreviewNode, type TestPreview } from './run-labels';
import { TestEffectView } from './test-effect';
import { itemLabel, previewSummary } from './test-preview-text';
import { useTestPreview } from './use-test-preview';
import './test-preview.css';

/** A test run's preview, loaded and followed until the run ends: what a real run would do, node by node. */
export function TestRunPreview({ runId }: { runId: string }) {
  const preview = useTestPreview(runId);
  return (
    <QueryView query={preview} label="the test's preview">
      {(data) => <TestPreviewView preview={data} />}
    </QueryView>
  );
}

/**
 * What a real run of the tested spec would do: a summary line from the counts, then each node in
 * the order it ran with its status, branch, where its output came from, its effect, the templates
 * that rendered empty (as warnings) and its error.
 */
export function TestPreviewView({ preview }: { preview: TestPreview }) {
  const live = isLive(preview.status);
  return (
    <div className="test-preview">
      <p className="test-preview-summary" role="status">
        {previewSummary(preview)}
        {live ? '. The test is still running.' : '.'}
      </p>
      {preview.nodes.length === 0 ? (
        <p className="muted">No node has run yet.</p>
      ) : (
        <ol className="test-preview-nodes" aria-label="What each node would do">
          {preview.nodes.map((node) => (
            <li key={node.key}>
              <PreviewNodeView node={node} />
            </li>
          ))}
        </ol>
      )}
      {preview.truncated && (
        <p className="muted">
          A long loop made more rows than a preview lists: the first ones are shown; the summary counts them all.
        </p>
      )}
    </div>
  );
}

function PreviewNodeView({ node }: { node: PreviewNode }) {
  const titleId = useId();
  const item = itemLabel(node);
  const name = item ? `${node.name} (${item})` : node.name;
  return (
    <article className="test-preview-node" aria-labelledby={titleId}>
      <div className="run-title">
        <h3 id={titleId}>{name}</h3>
        <StatusBadge status={node.status} />
        <span className="muted">{node.type.replaceAll('_', ' ')}</span>
      </div>
      {(node.branch !== null || node.sample !== null) && (
        <dl className="facts">
          {node.branch !== null && (
            <>
              <dt>Branch</dt>
              <dd>{node.branch}</dd>
            </>
          )}
          {node.sample !== null && (
            <>
              <dt>Output</dt>
              <dd>
                <SampleSource sample={node.sample} />
              </dd>
            </>
          )}
        </dl>
      )}
      {node.effect && <TestEffectView effect={node.effect} name={name} />}
      {node.emptyTemplates.length > 0 && (
        <div className="test-preview-warning" role="note" aria-label={`Empty templates of ${name}`}>
          <strong>Rendered empty:</strong>
          <ul>
            {node.emptyTemplates.map((template) => (
              <li key={template}>
                <code>{template}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {node.error !== null && (
        <p className="error">
          <strong>Error:</strong> <span>{node.error}</span>
        </p>
      )}
    </article>
  );
}

/** Where a node's output came from, in words; a last real run links to that run. */
function SampleSource({ sample }: { sample: NonNullable<PreviewNode['sample']> }) {
  switch (sample.source) {
    case 'pinned':
      return <SourceWords words="pinned" why="the output pinned on the workflow" />;
    case 'last_run':
      return (
        <>from the {sample.fromRunId ? <Link to={`/runs/${sample.fromRunId}`}>last real run</Link> : 'last real run'}</>
      );
    case 'derived':
      return <SourceWords words="derived sample" why="built from what later nodes read of it" />;
    case 'simulated':
      return <SourceWords words="simulated" why="what the service would answer" />;
  }
}

function SourceWords({ words, why }: { words: string; why: string }) {
  return (
    <>
      <span className="test-sample-source">{words}</span> <span className="muted">({why})</span>
    </>
  );
}
