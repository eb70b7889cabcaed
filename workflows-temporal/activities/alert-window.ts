import { QueryTypes } from 'sequelize';
import type { AlertChannel } from '../../core/alerts/failure-alert';
import type { Models } from '../../core/db/models';

// The rate limit of failure alerts (decision 0014), kept in `workflow_alerts` by single statements,
// so that concurrent failures of one workflow send one alert: PostgreSQL locks the row, and the
// second UPDATE sees the first's claim when it re-checks its WHERE.

/** The settings an alert is sent with, once its run has claimed the window. */
export interface ClaimedAlert {
  emailEnabled: boolean;
  emailRecipients: string[];
  smtpConnectorId: string | null;
  webhookEnabled: boolean;
  webhookUrl: string | null;
  /** Failures the window held back since the previous alert: "and K more failures since". */
  suppressed: number;
  /** Channels already delivered for this run (by an attempt before a retry). */
  delivered: AlertChannel[];
}

/**
 * Claims the workflow's alert window for `runId`: when no alert went out within the last
 * `window_minutes`, or when this run holds the window already (a retry of its alert). The run then
 * takes over the count of failures held back. Null when another run's alert holds the window, or
 * when the workflow sends no alerts.
 */
export async function claimAlertWindow(
  models: Models,
  { workflowId, runId }: { workflowId: string; runId: string },
): Promise<ClaimedAlert | null> {
  const [claimed] = await models.WorkflowRun.sequelize!.query<ClaimedAlert>(
    `UPDATE workflow_alerts a
        SET last_sent_at = CASE WHEN a.last_run_id = :runId THEN a.last_sent_at ELSE now() END,
            last_suppressed = CASE WHEN a.last_run_id = :runId THEN a.last_suppressed ELSE a.suppressed_count END,
            suppressed_count = CASE WHEN a.last_run_id = :runId THEN a.suppressed_count ELSE 0 END,
            delivered = CASE WHEN a.last_run_id = :runId THEN a.delivered ELSE '{}' END,
            last_run_id = :runId
      WHERE a.workflow_id = :workflowId AND (a.email_enabled OR a.webhook_enabled)
        AND (a.last_run_id = :runId OR a.last_sent_at IS NULL
             OR a.last_sent_at <= now() - make_interval(mins => a.window_minutes))
      RETURNING a.email_enabled AS "emailEnabled", a.email_recipients AS "emailRecipients",
                a.smtp_connector_id AS "smtpConnectorId", a.webhook_enabled AS "webhookEnabled",
                a.webhook_url AS "webhookUrl", a.last_suppressed AS suppressed, a.delivered`,
    { replacements: { workflowId, runId }, type: QueryTypes.SELECT },
  );
  return claimed ?? null;
}

/** Counts a failure the window held back, for the next alert to report. */
export async function countHeldBack(models: Models, workflowId: string): Promise<void> {
  await models.WorkflowRun.sequelize!.query(
    `UPDATE workflow_alerts SET suppressed_count = suppressed_count + 1
      WHERE workflow_id = :workflowId AND (email_enabled OR webhook_enabled)`,
    { replacements: { workflowId } },
  );
}

/**
 * Records how the run's alert went: the channels delivered, and the error of those that were not
 * (null when none failed), which the settings show. Unless another run has claimed the window since.
 */
export async function recordAlertOutcome(
  models: Models,
  { workflowId, runId }: { workflowId: string; runId: string },
  outcome: { delivered: AlertChannel[]; error: string | null },
): Promise<void> {
  await models.WorkflowRun.sequelize!.query(
    `UPDATE workflow_alerts
        SET delivered = CAST(:delivered AS text[]), last_error = :error,
            last_error_at = CASE WHEN CAST(:error AS text) IS NULL THEN NULL ELSE now() END
      WHERE workflow_id = :workflowId AND last_run_id = :runId`,
    {
      replacements: {
        workflowId,
        runId,
        delivered: `{${outcome.delivered.join(',')}}`,
        error: outcome.error,
      },
    },
  );
}
