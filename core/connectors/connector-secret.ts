import type { Transaction } from 'sequelize';
import type { Connector, Models } from '../db/models';
import { decryptSecret, secretAad, SecretDecryptionError } from '../secrets/secret-box';
import { writeSecretRow } from '../secrets/secret-row';
import { connectorSchemas, type ConnectorSecret, type ConnectorType } from './connector-configs';

// A connector's credentials are one `secrets` row of its owner, named `connector:<connectorId>`,
// holding the secret as encrypted JSON and referenced by `connectors.secrets_ref`. The secrets API
// hides that prefix, so only the connector's own service ever changes the row.

type ConnectorRef = Pick<Connector, 'id' | 'ownerId' | 'name' | 'secretsRef'>;

export const connectorSecretName = (connectorId: string) => `connector:${connectorId}`;

/** A stored connector secret that cannot be used; the message names the secret, never its value. */
export class ConnectorSecretError extends Error {
  override name = 'ConnectorSecretError';
}

/** The connector's secret, decrypted and checked against its type; null when it has none. */
export async function readConnectorSecret<T extends ConnectorType>(
  models: Models,
  encryptionKeys: readonly string[],
  connector: ConnectorRef,
  type: T,
): Promise<ConnectorSecret<T> | null> {
  if (!connector.secretsRef) return null;
  const row = await models.Secret.findOne({ where: { id: connector.secretsRef, ownerId: connector.ownerId } });
  if (!row) throw new ConnectorSecretError(`the secret of connector "${connector.name}" is missing`);
  let plaintext: string;
  try {
    plaintext = decryptSecret(row.encryptedPayload, encryptionKeys, secretAad(connector.ownerId, row.id));
  } catch (error) {
    if (error instanceof SecretDecryptionError)
      throw new ConnectorSecretError(
        `the secret "${row.name}" of connector "${connector.name}" cannot be read: ${error.message}`,
      );
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    json = null;
  }
  const secret = connectorSchemas[type].secret.safeParse(json);
  if (!secret.success) throw new ConnectorSecretError(`the secret "${row.name}" does not fit a ${type} connector`);
  return secret.data as ConnectorSecret<T>;
}

/**
 * Stores `secret` encrypted under `encryptionKey` as the connector's own row, replacing its value
 * when the row exists; returns the row's id for `secrets_ref`. A row of another name (a secret
 * the connector was pointed at by hand) is left as it is: others may rely on it.
 */
export async function writeConnectorSecret(
  models: Models,
  encryptionKey: string,
  connector: Pick<ConnectorRef, 'id' | 'ownerId' | 'secretsRef'>,
  secret: object,
  transaction: Transaction,
): Promise<string> {
  const target = {
    row: await ownSecretRow(models, connector, transaction),
    ownerId: connector.ownerId,
    name: connectorSecretName(connector.id),
  };
  return (await writeSecretRow(models, encryptionKey, target, JSON.stringify(secret), transaction)).id;
}

/** Deletes the connector's own secret row, if it has one; a row of another name stays. */
export async function deleteConnectorSecret(
  models: Models,
  connector: Pick<ConnectorRef, 'id' | 'ownerId' | 'secretsRef'>,
  transaction: Transaction,
): Promise<void> {
  await (await ownSecretRow(models, connector, transaction))?.destroy({ transaction });
}

async function ownSecretRow(
  models: Models,
  connector: Pick<ConnectorRef, 'id' | 'ownerId' | 'secretsRef'>,
  transaction: Transaction,
) {
  if (!connector.secretsRef) return null;
  return models.Secret.findOne({
    where: { id: connector.secretsRef, ownerId: connector.ownerId, name: connectorSecretName(connector.id) },
    transaction,
  });
}
