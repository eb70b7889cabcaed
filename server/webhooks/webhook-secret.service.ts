import { randomBytes } from 'node:crypto';
import type { AppServices } from '../app-services';
import type { Workflow } from '../../core/db/models';
import { decryptSecret, encryptionKeysOf, secretAad, SecretDecryptionError } from '../../core/secrets/secret-box';
import { writeSecretRow } from '../../core/secrets/secret-row';

export const webhookSecretName = (workflowId: string) => `webhook:${workflowId}`;

/** A new signing secret, for a webhook trigger or a failure alert's webhook. */
export const newSigningSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** Creates or replaces the workflow's webhook secret; the clear value is returned once, here. */
export async function rotateWebhookSecret({ models, config }: AppServices, workflow: Workflow): Promise<string> {
  const value = newSigningSecret();
  const name = webhookSecretName(workflow.id);
  const existing = await models.Secret.findOne({ where: { ownerId: workflow.ownerId, name } });
  await writeSecretRow(models, config.APP_ENCRYPTION_KEY, { row: existing, ownerId: workflow.ownerId, name }, value);
  return value;
}

/**
 * The clear secret, for verifying a delivery; null when none was ever created. A secret that
 * cannot be decrypted throws an error naming it, for the server's log (the sender sees a 500).
 */
export async function readWebhookSecret({ models, config }: AppServices, workflow: Workflow): Promise<string | null> {
  const row = await models.Secret.findOne({
    where: { ownerId: workflow.ownerId, name: webhookSecretName(workflow.id) },
  });
  if (!row) return null;
  try {
    return decryptSecret(row.encryptedPayload, encryptionKeysOf(config), secretAad(workflow.ownerId, row.id));
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    throw new SecretDecryptionError(
      `the webhook secret "${row.name}" (id ${row.id}) of workflow "${workflow.name}" cannot be read: ${error.message}`,
    );
  }
}
