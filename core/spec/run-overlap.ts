import type { WorkflowSpec, WorkflowSettings } from './spec.schema';

// What a workflow's new run does while another of its runs is still going (`settings.overlap`).
// Temporal enforces it for the runs a cron Schedule starts; the API for the runs it starts itself
// (manual, webhook, re-run, resume). See docs/decisions/0010-run-overlap.md.

export type RunOverlap = NonNullable<WorkflowSettings['overlap']>;

/** Who starts the run: the workflow's Temporal Schedule, or the API. */
export type RunStarter = 'schedule' | 'app';

/**
 * The setting in force for runs started by `starter`. Without one, a Schedule skips (what it did
 * before the setting existed: a slow run never piles up behind itself, and Schedules created then
 * keep their behaviour), and the API allows (what it did before: every request starts a run).
 */
export function runOverlap(spec: Pick<WorkflowSpec, 'settings'>, starter: RunStarter): RunOverlap {
  return spec.settings?.overlap ?? (starter === 'schedule' ? 'skip' : 'allow');
}

/** Each setting in words, for people. */
export const runOverlapLabels: Record<RunOverlap, string> = {
  allow: 'Allow: a new run starts even while another is going',
  skip: 'Skip: a new run is refused while another is going',
  buffer_one: 'Buffer one: a new run waits for the running one to end; a further one is refused',
};
