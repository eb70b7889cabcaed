import { randomBytes } from 'node:crypto';
import type { AppServices } from '../app-services';
import type { CreationAttributes } from 'sequelize';
import type { AppConfig } from '../../core/config/env.schema';
import { Workflow, type Secret } from '../../core/db/models';
import { modelColumns } from '../../core/db/model-columns';
import { preparedStatement, runPrepared } from '../../core/db/prepared-statement';
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

/** A webhook secret's row as stored: the value stays encrypted until a delivery is verified. */
type StoredSecret = Pick<Secret, 'id' | 'name' | 'encryptedPayload'>;

/**
 * The clear secret. A secret that cannot be decrypted throws an error naming it, for the server's
 * log (the sender sees a 500).
 */
function decryptWebhookSecret(config: AppConfig, workflow: Workflow, row: StoredSecret): string {
  try {
    return decryptSecret(row.encryptedPayload, encryptionKeysOf(config), secretAad(workflow.ownerId, row.id));
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    throw new SecretDecryptionError(
      `the webhook secret "${row.name}" (id ${row.id}) of workflow "${workflow.name}" cannot be read: ${error.message}`,
    );
  }
}

type WebhookWorkflowRow = CreationAttributes<Workflow> & {
  secretId: string | null;
  secretName: string | null;
  secretPayload: string | null;
};
const webhookWorkflowStatement = preparedStatement<'workflowId' | 'secretName', WebhookWorkflowRow>(
  'webhook-workflow',
  () =>
    `SELECT ${modelColumns(Workflow, 'w')},
            s.id AS "secretId", s.name AS "secretName", s.encrypted_payload AS "secretPayload"
       FROM workflows w LEFT JOIN secrets s ON s.owner_id = w.owner_id AND s.name = CAST(:secretName AS text)
      WHERE w.id = CAST(:workflowId AS uuid)`,
);

/**
 * A delivery's workflow with its webhook secret, read together in one prepared statement (every
 * delivery reads both); null when there is no such workflow. `secret()` decrypts it: null when none
 * was ever created, an error naming it when it cannot be.
 */
export async function findWebhookWorkflow(
  { models, config }: AppServices,
  workflowId: string,
): Promise<{ workflow: Workflow; secret(): string | null } | null> {
  const [row] = await runPrepared(models.Workflow.sequelize!, webhookWorkflowStatement, {
    workflowId,
    secretName: webhookSecretName(workflowId),
  });
  if (!row) return null;
  const { secretId, secretName, secretPayload, ...columns } = row;
  const workflow = models.Workflow.build(columns, { isNewRecord: false, raw: true });
  return {
    workflow,
    secret: () =>
      secretId === null
        ? null
        : decryptWebhookSecret(config, workflow, { id: secretId, name: secretName!, encryptedPayload: secretPayload! }),
  };
}
