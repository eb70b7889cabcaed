import type { Trigger } from '../../../../workflows-temporal/spec/spec.schema';

/** A trigger in a few words: "Manual", "Webhook", "Cron 0 9 * * 1-5 (UTC)". */
export function triggerText(trigger: Trigger): string {
  if (trigger.type === 'manual') return 'Manual';
  if (trigger.type === 'webhook') return 'Webhook';
  return `Cron ${trigger.cron} (${trigger.timezone ?? 'UTC'})`;
}
