import type { Transaction } from 'sequelize';
import type { Models, Secret } from '../db/models';
import { encryptSecret, secretAad } from './secret-box';

/**
 * Stores `value` encrypted under `encryptionKey` in `row`, or in a new row of `ownerId` named
 * `name` when there is none. The ciphertext is bound to the row's id, which PostgreSQL assigns
 * on insert, so a new row is written twice: once to get its id, once with the value.
 */
export async function writeSecretRow(
  models: Models,
  encryptionKey: string,
  target: { row: Secret | null; ownerId: string; name: string },
  value: string,
  transaction?: Transaction,
): Promise<Secret> {
  const row =
    target.row ??
    (await models.Secret.create(
      { ownerId: target.ownerId, name: target.name, encryptedPayload: 'pending' },
      { transaction },
    ));
  await row.update(
    { encryptedPayload: encryptSecret(value, encryptionKey, secretAad(row.ownerId, row.id)) },
    { transaction },
  );
  return row;
}
