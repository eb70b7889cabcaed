import type { SpecDiff } from '../../../../workflows-temporal/spec/spec-diff';
import { triggerText } from './trigger-text';

const node = (n: { id: string; type: string; name: string }) => `${n.name} (${n.type.replaceAll('_', ' ')}, id ${n.id})`;

/** A diff between two versions as lists; new destinations and connectors first, as they matter most. */
export function VersionChanges({ diff, from, to }: { diff: SpecDiff; from: number; to: number }) {
  const sections: Array<[string, string[]]> = [
    ['Now sends data to', diff.newDestinations],
    ['Connectors it did not use before', diff.newConnectors],
    ['Nodes added', diff.nodesAdded.map(node)],
    ['Nodes removed', diff.nodesRemoved.map(node)],
    ['Nodes changed', diff.nodesChanged.map((n) => `${n.name} (id ${n.id}): ${n.fields.join(', ')}`)],
    ['Connections added', diff.edgesAdded],
    ['Connections removed', diff.edgesRemoved],
  ];
  const shown = sections.filter(([, items]) => items.length > 0);
  if (!diff.triggerChanged && shown.length === 0) return <p className="empty-state">Versions {from} and {to} are the same.</p>;
  return (
    <div className="wf-changes" aria-label={`Changes from version ${from} to version ${to}`} role="region">
      {diff.triggerChanged && (
        <section aria-label="Trigger changed">
          <h4>Trigger</h4>
          <p>
            {diff.triggerChanged.from ? triggerText(diff.triggerChanged.from) : 'none'} → {triggerText(diff.triggerChanged.to)}
          </p>
        </section>
      )}
      {shown.map(([title, items]) => (
        <section key={title} aria-label={title}>
          <h4>
            {title} ({items.length})
          </h4>
          <ul>
            {items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
