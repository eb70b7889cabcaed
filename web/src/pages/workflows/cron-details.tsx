import type { RouterOutputs } from '../../trpc';
import { formatDateTime } from '../../ui/format';

type CronTrigger = Extract<RouterOutputs['workflows']['triggerDetails'], { type: 'cron' }>;

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A time as the schedule reads it: weekday and clock time in the schedule's own zone. */
function inZone(value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(value));
}

/** The cron expression, its zone and the next times it starts a run. */
export function CronDetails({ cron }: { cron: CronTrigger }) {
  return (
    <>
      <dl className="facts">
        <dt>Expression</dt>
        <dd>
          <code>{cron.cron}</code>{' '}
          <span className="muted">(minute hour day-of-month month day-of-week; a day must match both day fields)</span>
        </dd>
        <dt>Time zone</dt>
        <dd>{cron.timezone}</dd>
      </dl>
      <h3>Next runs</h3>
      <p className="muted">
        {cron.nextRunsFrom === 'schedule'
          ? 'From the workflow’s Temporal Schedule.'
          : 'Nothing is scheduled now, because the workflow is not active. Computed from the expression: when it would run once activated.'}
      </p>
      {cron.nextRuns.length === 0 ? (
        <p className="empty-state">This expression names no time in the coming years.</p>
      ) : (
        <ol className="wf-next-runs" aria-label="Next run times">
          {cron.nextRuns.map((time) => {
            const iso = new Date(time).toISOString();
            return (
              <li key={iso}>
                <time dateTime={iso}>{inZone(time, cron.timezone)}</time>
                {cron.timezone !== localZone && <span className="muted"> · {formatDateTime(time)} your time</span>}
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
