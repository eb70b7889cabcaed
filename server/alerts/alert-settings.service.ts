import { QueryTypes, type Transaction } from 'sequelize';
import { alertWebhookSecretName } from '../../core/alerts/failure-alert';
import type { Models, User, Workflow } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { writeSecretRow } from '../../core/secrets/secret-row';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import { newSigningSecret } from '../webhooks/webhook-secret.service';
import { findAccessibleWorkflow } from '../workflows/workflow-access';
import { DEFAULT_WINDOW_MINUTES, type AlertSettings, type AlertSettingsInput } from './alert-settings.dto';

// Reading and changing a workflow's failure alerts (decision 0014), with the same access as editing
// the workflow. The worker reads the same row when a run fails (workflows-temporal/activities/alert-window.ts).

interface AlertRow {
  emailEnabled: boolean;
  emailRecipients: string[];
  smtpConnectorId: string | null;
  webhookEnabled: boolean;
  webhookUrl: string | null;
  windowMinutes: number;
  lastSentAt: Date | null;
  heldBack: number;
  lastError: string | null;
  lastErrorAt: Date | null;
}

async function readSettings(models: Models, workflow: Workflow, transaction?: Transaction): Promise<AlertSettings> {
  const [row] = await models.Workflow.sequelize!.query<AlertRow>(
    `SELECT email_enabled AS "emailEnabled", email_recipients AS "emailRecipients", smtp_connector_id AS "smtpConnectorId",
            webhook_enabled AS "webhookEnabled", webhook_url AS "webhookUrl", window_minutes AS "windowMinutes",
            last_sent_at AS "lastSentAt", suppressed_count AS "heldBack", last_error AS "lastError", last_error_at AS "lastErrorAt"
       FROM workflow_alerts WHERE workflow_id = :workflowId`,
    { replacements: { workflowId: workflow.id }, type: QueryTypes.SELECT, transaction },
  );
  const secret = await models.Secret.count({
    where: { ownerId: workflow.ownerId, name: alertWebhookSecretName(workflow.id) },
    transaction,
  });
  return {
    workflowId: workflow.id,
    email: {
      enabled: row?.emailEnabled ?? false,
      recipients: row?.emailRecipients ?? [],
      smtpConnectorId: row?.smtpConnectorId ?? null,
    },
    webhook: { enabled: row?.webhookEnabled ?? false, url: row?.webhookUrl ?? null, hasSecret: secret > 0 },
    windowMinutes: row?.windowMinutes ?? DEFAULT_WINDOW_MINUTES,
    lastSentAt: row?.lastSentAt ?? null,
    heldBack: row?.heldBack ?? 0,
    lastError: row?.lastError ?? null,
    lastErrorAt: row?.lastErrorAt ?? null,
  };
}

/** The workflow's alert settings; alerts are off for a workflow that never had any. */
export async function getAlertSettings(services: AppServices, user: User, workflowId: string): Promise<AlertSettings> {
  const workflow = await findAccessibleWorkflow(services.models, user, workflowId);
  return readSettings(services.models, workflow);
}

/** The SMTP connector must be the workflow owner's: alerts are sent as the owner, like the workflow's emails. */
async function checkConnector(models: Models, workflow: Workflow, connectorId: string | null): Promise<void> {
  if (connectorId === null) return;
  const connector = await models.Connector.findOne({ where: { id: connectorId, ownerId: workflow.ownerId } });
  if (!connector) throw new AppError('BAD_REQUEST', `The workflow's owner has no connector with id ${connectorId}.`);
  if (connector.type !== 'smtp')
    throw new AppError(
      'BAD_REQUEST',
      `Connector "${connector.name}" is a ${connector.type} connector; email alerts need an SMTP one.`,
    );
}

/**
 * Sets the workflow's alert settings. A webhook URL gets a signing secret the first time (or when
 * asked to rotate it): its value is returned here, once. The window's bookkeeping is kept.
 */
export async function updateAlertSettings(
  services: AppServices,
  user: User,
  input: AlertSettingsInput,
): Promise<AlertSettings & { newWebhookSecret: string | null }> {
  const { models, sequelize, config } = services;
  const workflow = await findAccessibleWorkflow(models, user, input.workflowId);
  await checkConnector(models, workflow, input.email.smtpConnectorId);
  return sequelize.transaction(async (transaction) => {
    const secretName = alertWebhookSecretName(workflow.id);
    const existing = await models.Secret.findOne({
      where: { ownerId: workflow.ownerId, name: secretName },
      transaction,
    });
    const newWebhookSecret =
      input.rotateWebhookSecret || (input.webhook.url !== null && !existing) ? newSigningSecret() : null;
    if (newWebhookSecret)
      await writeSecretRow(
        models,
        config.APP_ENCRYPTION_KEY,
        { row: existing, ownerId: workflow.ownerId, name: secretName },
        newWebhookSecret,
        transaction,
      );
    await sequelize.query(
      `INSERT INTO workflow_alerts (workflow_id, email_enabled, email_recipients, smtp_connector_id, webhook_enabled, webhook_url, window_minutes)
       VALUES (:workflowId, :emailEnabled, CAST(:recipients AS jsonb), :connectorId, :webhookEnabled, :url, :windowMinutes)
       ON CONFLICT (workflow_id) DO UPDATE SET email_enabled = EXCLUDED.email_enabled, email_recipients = EXCLUDED.email_recipients,
         smtp_connector_id = EXCLUDED.smtp_connector_id, webhook_enabled = EXCLUDED.webhook_enabled,
         webhook_url = EXCLUDED.webhook_url, window_minutes = EXCLUDED.window_minutes, updated_at = now()`,
      {
        replacements: {
          workflowId: workflow.id,
          emailEnabled: input.email.enabled,
          recipients: JSON.stringify(input.email.recipients),
          connectorId: input.email.smtpConnectorId,
          webhookEnabled: input.webhook.enabled,
          url: input.webhook.url,
          windowMinutes: input.windowMinutes,
        },
        transaction,
      },
    );
    // The URL may carry a token in its query: the audit says what changed, not where it points.
    await recordAudit(
      models,
      {
        actorId: user.id,
        action: 'workflow.update_alerts',
        resourceType: 'workflow',
        resourceId: workflow.id,
        details: {
          email: input.email.enabled,
          recipients: input.email.recipients.length,
          webhook: input.webhook.enabled,
          windowMinutes: input.windowMinutes,
          webhookSecretCreated: newWebhookSecret !== null,
        },
      },
      transaction,
    );
    return { ...(await readSettings(models, workflow, transaction)), newWebhookSecret };
  });
}
