import { runOverlap, runOverlapLabels } from '../../../../core/spec/run-overlap';
import { readSpec } from './read-spec';

/**
 * What a new run does while another of the workflow's runs is going (`settings.overlap` in the
 * spec; edited with the spec). A cron workflow shows its Schedule's rule apart when they differ:
 * without the setting, the Schedule skips while the app's runs overlap.
 */
export function OverlapDetails({ spec: stored, cron }: { spec: unknown; cron: boolean }) {
  const spec = readSpec(stored);
  if (!spec) return null;
  const app = runOverlap(spec, 'app');
  const schedule = runOverlap(spec, 'schedule');
  const source = spec.settings?.overlap ? (
    <>
      set in the spec (<code>settings.overlap</code>)
    </>
  ) : (
    <>
      the default; set <code>settings.overlap</code> in the spec to change it
    </>
  );
  return (
    <dl className="facts" aria-label="Overlapping runs">
      {cron && schedule !== app ? (
        <>
          <dt>Overlap, scheduled runs</dt>
          <dd>{runOverlapLabels[schedule]}</dd>
          <dt>Overlap, other runs</dt>
          <dd>
            {runOverlapLabels[app]} <span className="muted">({source})</span>
          </dd>
        </>
      ) : (
        <>
          <dt>Overlapping runs</dt>
          <dd>
            {runOverlapLabels[app]} <span className="muted">({source})</span>
          </dd>
        </>
      )}
    </dl>
  );
}
