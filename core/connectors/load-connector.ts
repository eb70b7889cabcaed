import type { Models } from '../db/models';
import { connectorSchemas, type ConnectorConfig, type ConnectorSecret, type ConnectorType } from './connector-configs';
import { ConnectorSecretError, readConnectorSecret } from './connector-secret';
import { NodeError } from '../run/node-error';

export interface ResolvedConnector<T extends ConnectorType> {
  name: string;
  config: ConnectorConfig<T>;
  secret: ConnectorSecret<T> | null;
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
  if (!connector)
    throw new NodeError(`no connector of the workflow's owner has id ${connectorId}`, 'ConnectorMissing', false);
  if (connector.type !== type)
    throw new NodeError(
      `connector "${connector.name}" is a ${connector.type} connector, not ${type}`,
      'ConnectorType',
      false,
    );
  const config = connectorSchemas[type].config.safeParse(connector.config);
  if (!config.success)
    throw new NodeError(
      `connector "${connector.name}" has an invalid config: ${config.error.issues[0]?.message}`,
      'ConnectorConfig',
      false,
    );
  try {
    return {
      name: connector.name,
      config: config.data as ConnectorConfig<T>,
      secret: await readConnectorSecret(models, encryptionKeys, connector, type),
    };
  } catch (error) {
    if (error instanceof ConnectorSecretError) throw new NodeError(error.message, 'ConnectorSecret', false);
    throw error;
  }
}
