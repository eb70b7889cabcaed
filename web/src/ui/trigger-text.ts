import type { Trigger } from '../../../core/spec/spec.schema';

// How triggers read across pages: a label for tables and diffs, a phrase for sentences.

/** A trigger in a few words: "Manual", "Webhook", "Cron 0 9 * * 1-5 (UTC)". */
export function triggerText(trigger: Trigger): string {
  if (trigger.type === 'manual') return 'Manual';
  if (trigger.type === 'webhook') return 'Webhook';
  return `Cron ${trigger.cron} (${trigger.timezone ?? 'UTC'})`;
}

/** When a workflow starts, to follow "Starts": "by hand", "on a webhook call", "on the schedule 0 9 * * 1-5 (UTC)". */
export function describeTrigger(trigger: Trigger): string {
  if (trigger.type === 'manual') return 'by hand';
  if (trigger.type === 'webhook') return 'on a webhook call';
  return `on the schedule ${trigger.cron} (${trigger.timezone ?? 'UTC'})`;
}
