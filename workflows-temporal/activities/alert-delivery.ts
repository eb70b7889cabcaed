import type { FailureAlert } from '../../core/alerts/failure-alert';
import { alertWebhookSecretName } from '../../core/alerts/failure-alert';
import { loadConnector } from '../../core/connectors/load-connector';
import { safeFetch } from '../../core/connectors/outbound/safe-fetch';
import { openSmtpTransport, permanentSmtpCodes, smtpFailure } from '../../core/connectors/smtp-transport';
import { asNodeError, NodeError, outboundNodeError } from '../../core/run/node-error';
import { decryptSecret, secretAad } from '../../core/secrets/secret-box';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../../core/webhooks/webhook-signature';
import type { ActivityDeps } from './node-context';
import { retryableStatus } from '../../core/connectors/outbound/retryable-status';

// Sending one failure alert on one channel, through the same outbound guard as the nodes' calls:
// an email through the owner's SMTP connector, or a signed POST to the webhook URL. Failures are
// NodeErrors, whose `retryable` says whether a later attempt could succeed.

/** The email an alert sends: a subject naming the workflow, and the facts in plain text. */
export function alertEmail(alert: FailureAlert): { subject: string; text: string } {
  const lines = [
    `A run of the workflow "${alert.workflow.name}" failed.`,
    '',
    `Run: ${alert.run.url}`,
    ...(alert.failedNode
      ? [`Failed node: ${alert.failedNode.name} (${alert.failedNode.id})`, `Error: ${alert.failedNode.error}`]
      : [`Error: ${alert.error}`]),
  ];
  if (alert.moreFailuresSince > 0)
    lines.push('', `And ${alert.moreFailuresSince} more failures since the previous alert.`);
  return { subject: `Workflow "${alert.workflow.name}" failed`, text: lines.join('\n') };
}

/** Emails the alert through the workflow owner's SMTP connector. */
export async function sendAlertEmail(
  deps: ActivityDeps,
  ownerId: string,
  target: { smtpConnectorId: string | null; recipients: string[] },
  alert: FailureAlert,
): Promise<void> {
  if (!target.smtpConnectorId)
    throw new NodeError('the email alert has no SMTP connector (was it deleted?)', 'AlertConfig', false);
  const { config, secret } = await loadConnector(
    deps.models,
    deps.encryptionKeys,
    ownerId,
    target.smtpConnectorId,
    'smtp',
  );
  const transport = await openSmtpTransport(config, secret, deps.outbound);
  try {
    await transport.sendMail({ from: config.from, to: target.recipients, ...alertEmail(alert) });
  } catch (error) {
    const { code, message } = smtpFailure(error);
    throw new NodeError(message, 'SmtpError', !permanentSmtpCodes.has(code));
  } finally {
    transport.close();
  }
}

/** The alert webhook's signing secret, decrypted; the API creates it with the webhook target. */
async function webhookSecret(deps: ActivityDeps, ownerId: string, workflowId: string): Promise<string> {
  const row = await deps.models.Secret.findOne({ where: { ownerId, name: alertWebhookSecretName(workflowId) } });
  if (!row) throw new NodeError('the alert webhook has no signing secret', 'AlertConfig', false);
  try {
    return decryptSecret(row.encryptedPayload, deps.encryptionKeys, secretAad(ownerId, row.id));
  } catch (error) {
    throw new NodeError(
      `the alert webhook's signing secret cannot be read: ${(error as Error).message}`,
      'AlertConfig',
      false,
    );
  }
}

/** POSTs the alert as JSON, signed (`x-webhook-timestamp`, `x-webhook-signature`), following no redirect. */
export async function sendAlertWebhook(
  deps: ActivityDeps,
  ownerId: string,
  url: string,
  alert: FailureAlert,
): Promise<void> {
  const secret = await webhookSecret(deps, ownerId, alert.workflow.id);
  const body = JSON.stringify(alert);
  const timestamp = Math.floor(Date.now() / 1000);
  let status: number;
  try {
    ({ status } = await safeFetch(
      {
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        },
        body,
        timeoutMs: 15_000,
        maxResponseBytes: 64 * 1024,
        maxRedirects: 0,
      },
      deps.outbound,
    ));
  } catch (error) {
    throw outboundNodeError(error) ?? asNodeError(error);
  }
  if (status < 200 || status >= 300)
    throw new NodeError(`the alert webhook answered HTTP ${status}`, 'AlertWebhookStatus', retryableStatus(status));
}
