import type { z } from 'zod';
import type { Models } from '../../server/db/models';
import { connectorSchemas, type ConnectorType } from '../../server/connectors/connector-configs';
import { decryptSecret, secretAad, SecretDecryptionError } from '../../server/secrets/secret-box';
import { NodeError } from './node-error';

export interface ResolvedConnector<T extends ConnectorType> {
  name: string;
  config: z.infer<(typeof connectorSchemas)[T]['config']>;
  secret: z.infer<(typeof connectorSchemas)[T]['secret']> | null;
}

/**
 * The owner's connector with its secret decrypted, inside the activity: secrets never enter
 * workflow input, history, logs or errors. Every failure here is one retrying cannot fix.
 */
export async function loadConnector<T extends ConnectorType>(
  models: Models,
  encryptionKeys: readonly string[],
  ownerId: string,
  connectorId: string,
  type: T,
): Promise<ResolvedConnector<T>> {
  const connector = await models.Connector.findOne({ where: { id: connectorId, ownerId } });
  if (!connector) throw new NodeError(`no connector of the workflow's owner has id ${connectorId}`, 'ConnectorMissing', false);
  if (connector.type !== type) throw new NodeError(`connector "${connector.name}" is a ${connector.type} connector, not ${type}`, 'ConnectorType', false);
  const schemas = connectorSchemas[type];
  const config = schemas.config.safeParse(connector.config);
  if (!config.success) throw new NodeError(`connector "${connector.name}" has an invalid config: ${config.error.issues[0]?.message}`, 'ConnectorConfig', false);
  if (!connector.secretsRef) return { name: connector.name, config: config.data, secret: null } as ResolvedConnector<T>;

  const row = await models.Secret.findOne({ where: { id: connector.secretsRef, ownerId } });
  if (!row) throw new NodeError(`the secret of connector "${connector.name}" is missing`, 'ConnectorSecret', false);
  let plaintext: string;
  try {
    plaintext = decryptSecret(row.encryptedPayload, encryptionKeys, secretAad(ownerId, row.id));
  } catch (error) {
    if (error instanceof SecretDecryptionError) throw new NodeError(`the secret "${row.name}" of connector "${connector.name}" cannot be read: ${error.message}`, 'ConnectorSecret', false);
    throw error;
  }
  let secretJson: unknown;
  try {
    secretJson = JSON.parse(plaintext);
  } catch {
    secretJson = null;
  }
  const secret = schemas.secret.safeParse(secretJson);
  if (!secret.success) throw new NodeError(`the secret "${row.name}" does not fit a ${type} connector`, 'ConnectorSecret', false);
  return { name: connector.name, config: config.data, secret: secret.data } as ResolvedConnector<T>;
}
