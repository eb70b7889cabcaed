import { ScheduleNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { timestampSchema } from '../trpc/timestamp';
import type { AppServices } from '../app-services';
import type { AppConfig } from '../../core/config/env.schema';
import type { User, Workflow } from '../../core/db/models';
import { scheduleIdFor } from '../temporal/schedules';
import { temporalTrouble, withTemporalDeadline } from '../temporal/temporal-call';
import { webhookSecretName } from '../webhooks/webhook-secret.service';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_TOLERANCE_SECONDS } from '../../core/webhooks/webhook-signature';
import { nextCronTimes } from '../../core/spec/cron-next';
import { findAccessibleWorkflow } from './workflow-access';
import { appLink } from '../../core/config/app-link';

/** How many upcoming cron times a workflow's page lists. */
const NEXT_RUNS = 5;

export const triggerDetailsSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }),
  z.object({
    type: z.literal('webhook'),
    url: z.string(),
    /** Deliveries are refused until a secret exists; its value is never returned here. */
    hasSecret: z.boolean(),
    signatureHeader: z.string(),
    timestampHeader: z.string(),
    toleranceSeconds: z.number().int(),
  }),
  z.object({
    type: z.literal('cron'),
    cron: z.string(),
    timezone: z.string(),
    nextRuns: z.array(timestampSchema),
    /** `schedule`: the Temporal Schedule's own next action times; `expression`: computed, as none runs it. */
    nextRunsFrom: z.enum(['schedule', 'expression']),
  }),
]);

/** Where the workflow's webhook deliveries go. */
export const webhookUrl = (config: AppConfig, workflowId: string) => appLink(config.PUBLIC_URL, `/hooks/${workflowId}`);

/**
 * An active workflow's next times come from its Temporal Schedule, which is what will actually
 * start runs (Temporal's reading of the expression, zone data and DST). Any other workflow has no
 * Schedule, so the times are computed from the expression: when it would run once activated.
 */
async function nextRuns({ temporal }: AppServices, workflow: Workflow, cron: string, timezone: string) {
  if (workflow.status === 'active') {
    try {
      const schedule = await withTemporalDeadline(temporal.client, () =>
        temporal.client.schedule.getHandle(scheduleIdFor(workflow.id)).describe(),
      );
      return { nextRuns: schedule.info.nextActionTimes.slice(0, NEXT_RUNS), nextRunsFrom: 'schedule' as const };
    } catch (error) {
      // Missing until reconciled (e.g. Temporal was reset), or Temporal unreachable: say what the
      // expression means meanwhile.
      if (!(error instanceof ScheduleNotFoundError) && temporalTrouble(error) === null) throw error;
    }
  }
  return { nextRuns: nextCronTimes(cron, timezone, new Date(), NEXT_RUNS), nextRunsFrom: 'expression' as const };
}

/** What starts the workflow, and what a person needs to know to start it that way. */
export async function triggerDetails(
  services: AppServices,
  user: User,
  workflowId: string,
): Promise<z.input<typeof triggerDetailsSchema>> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  const trigger = workflow.specJson.trigger;
  switch (trigger.type) {
    case 'manual':
      return { type: 'manual' };
    case 'webhook': {
      const secret = await services.models.Secret.findOne({
        where: { ownerId: workflow.ownerId, name: webhookSecretName(workflow.id) },
        attributes: ['id'],
      });
      return {
        type: 'webhook',
        url: webhookUrl(services.config, workflow.id),
        hasSecret: secret !== null,
        signatureHeader: SIGNATURE_HEADER,
        timestampHeader: TIMESTAMP_HEADER,
        toleranceSeconds: WEBHOOK_TOLERANCE_SECONDS,
      };
    }
    case 'cron': {
      const timezone = trigger.timezone ?? 'UTC';
      return {
        type: 'cron',
        cron: trigger.cron,
        timezone,
        ...(await nextRuns(services, workflow, trigger.cron, timezone)),
      };
    }
  }
}
