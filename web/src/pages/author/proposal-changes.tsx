import type { SpecDiff } from '../../../../workflows-temporal/spec/spec-diff';
import type { Trigger } from '../../../../workflows-temporal/spec/spec.schema';

/** When a workflow starts, in words: "by hand", "on a webhook call", "on the schedule 0 9 * * 1-5 (UTC)". */
export function describeTrigger(trigger: Trigger): string {
  if (trigger.type === 'manual') return 'by hand';
  if (trigger.type === 'webhook') return 'on a webhook call';
  return `on the schedule ${trigger.cron} (${trigger.timezone ?? 'UTC'})`;
}

/**
 * What accepting the proposal changes against the current version, from the API's diff. New places
 * data goes and connectors not used before are listed first: they are what a reviewer must not miss.
 */
export function ProposalChanges({ diff, isNew }: { diff: SpecDiff; isNew: boolean }) {
  const sections: Array<[string, string[], string?]> = [
    ['Data will now be sent to', diff.newDestinations, 'attention'],
    ['Connectors used for the first time', diff.newConnectors, 'attention'],
    ['Nodes added', diff.nodesAdded.map((n) => `${n.name} (${n.type.replaceAll('_', ' ')}, id ${n.id})`)],
    ['Nodes removed', diff.nodesRemoved.map((n) => `${n.name} (${n.type.replaceAll('_', ' ')}, id ${n.id})`)],
    ['Nodes changed', diff.nodesChanged.map((n) => `${n.name} (id ${n.id}): ${n.fields.join(', ')}`)],
    ['Connections added', diff.edgesAdded],
    ['Connections removed', diff.edgesRemoved],
  ];
  const shown = sections.filter(([, items]) => items.length > 0);
  if (!diff.triggerChanged && shown.length === 0) return <p className="empty-state">No changes against the current version.</p>;
  return (
    <div className="proposal-changes">
      {isNew && <p className="muted">A new workflow: everything below is new.</p>}
      {diff.triggerChanged && (
        <section aria-label="Trigger change">
          <h3>Trigger</h3>
          <dl className="facts">
            {diff.triggerChanged.from && (
              <>
                <dt>Before</dt>
                <dd>{describeTrigger(diff.triggerChanged.from)}</dd>
              </>
            )}
            <dt>{diff.triggerChanged.from ? 'After' : 'New'}</dt>
            <dd>{describeTrigger(diff.triggerChanged.to)}</dd>
          </dl>
        </section>
      )}
      {shown.map(([title, items, tone]) => (
        <section key={title} aria-label={title} className={tone}>
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
