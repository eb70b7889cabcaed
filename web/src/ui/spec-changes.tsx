import type { SpecDiff } from '../../../core/spec/spec-diff';
import { triggerText } from './trigger-text';
import './spec-changes.css';

const nodeText = (n: { id: string; type: string; name: string }) =>
  `${n.name} (${n.type.replaceAll('_', ' ')}, id ${n.id})`;

/**
 * A diff between two specs as lists: a proposal against the current version, or one version
 * against another. New places data goes and connectors not used before come first, marked: they
 * are what a reviewer must not miss.
 */
export function SpecChanges({ diff, label, unchanged }: { diff: SpecDiff; label: string; unchanged: string }) {
  const sections: Array<[string, string[], boolean]> = [
    ['Data will now be sent to', diff.newDestinations, true],
    ['Connectors used for the first time', diff.newConnectors, true],
    ['Nodes added', diff.nodesAdded.map(nodeText), false],
    ['Nodes removed', diff.nodesRemoved.map(nodeText), false],
    ['Nodes changed', diff.nodesChanged.map((n) => `${n.name} (id ${n.id}): ${n.fields.join(', ')}`), false],
    ['Connections added', diff.edgesAdded, false],
    ['Connections removed', diff.edgesRemoved, false],
    ['Settings changed', diff.settingsChanged, false],
  ];
  const shown = sections.filter(([, items]) => items.length > 0);
  if (!diff.triggerChanged && shown.length === 0) return <p className="empty-state">{unchanged}</p>;
  return (
    <div className="spec-changes" role="region" aria-label={label}>
      {diff.triggerChanged && (
        <section aria-label="Trigger changed">
          <h3>Trigger</h3>
          <p>
            {diff.triggerChanged.from ? `${triggerText(diff.triggerChanged.from)} → ` : 'New: '}
            {triggerText(diff.triggerChanged.to)}
          </p>
        </section>
      )}
      {shown.map(([title, items, attention]) => (
        <section key={title} aria-label={title} className={attention ? 'attention' : undefined}>
          <h3>
            {title} ({items.length})
          </h3>
          <ul>
            {items.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
