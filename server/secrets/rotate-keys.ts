import type { AppConfig } from '../../core/config/env.schema';
import type { Models } from '../../core/db/models';
import {
  decryptSecret,
  encryptionKeysOf,
  encryptSecret,
  keyId,
  secretAad,
  SecretDecryptionError,
  storedKeyId,
} from '../../core/secrets/secret-box';

// Moving every secret to the current key is all or nothing: every row is decrypted first, and a
// single one that cannot be read stops the rotation before anything is written, so a missing
// previous key never leaves the table half under one key and half under another.

export interface RotationReport {
  /** The fingerprint of APP_ENCRYPTION_KEY, which every secret is now under. */
  currentKeyId: string;
  reEncrypted: number;
  alreadyCurrent: number;
}

export interface UnreadableSecret {
  id: string;
  name: string;
  ownerEmail: string;
  reason: string;
}

/** The rotation was refused, and nothing changed, because these secrets cannot be decrypted. */
export class KeyRotationError extends Error {
  override name = 'KeyRotationError';

  constructor(readonly unreadable: UnreadableSecret[]) {
    const lines = unreadable.map((s) => `  - "${s.name}" of ${s.ownerEmail} (id ${s.id}): ${s.reason}`);
    super(
      [
        `Nothing was changed: ${unreadable.length} secret${unreadable.length === 1 ? '' : 's'} cannot be decrypted with the configured keys:`,
        ...lines,
        'Add the missing keys to APP_ENCRYPTION_KEYS_PREVIOUS and run it again; replace or delete any secret that cannot be recovered first.',
      ].join('\n'),
    );
  }
}

/**
 * Re-encrypts every secret of every owner (the app's reserved ones too) under APP_ENCRYPTION_KEY,
 * decrypting with it and APP_ENCRYPTION_KEYS_PREVIOUS, in one transaction. Rows are locked while
 * it runs, so a value replaced meanwhile waits rather than being overwritten with an old one.
 */
export async function rotateSecretKeys(
  models: Models,
  config: Pick<AppConfig, 'APP_ENCRYPTION_KEY' | 'APP_ENCRYPTION_KEYS_PREVIOUS'>,
): Promise<RotationReport> {
  const keys = encryptionKeysOf(config);
  const currentKeyId = keyId(config.APP_ENCRYPTION_KEY);
  return models.Secret.sequelize!.transaction(async (transaction) => {
    const rows = await models.Secret.findAll({ order: [['id', 'ASC']], lock: transaction.LOCK.UPDATE, transaction });
    const stale: Array<{ row: (typeof rows)[number]; value: string }> = [];
    const failures: Array<{ row: (typeof rows)[number]; reason: string }> = [];
    let alreadyCurrent = 0;
    for (const row of rows) {
      try {
        const value = decryptSecret(row.encryptedPayload, keys, secretAad(row.ownerId, row.id));
        if (storedKeyId(row.encryptedPayload) === currentKeyId) alreadyCurrent += 1;
        else stale.push({ row, value });
      } catch (error) {
        if (!(error instanceof SecretDecryptionError)) throw error;
        failures.push({ row, reason: error.message });
      }
    }
    if (failures.length > 0) {
      const owners = await models.User.findAll({
        where: { id: [...new Set(failures.map((f) => f.row.ownerId))] },
        attributes: ['id', 'email'],
        transaction,
      });
      const emails = new Map(owners.map((o) => [o.id, o.email]));
      const unreadable = failures.map(({ row, reason }) => ({
        id: row.id,
        name: row.name,
        ownerEmail: emails.get(row.ownerId)!,
        reason,
      }));
      throw new KeyRotationError(
        unreadable.sort((a, b) => a.ownerEmail.localeCompare(b.ownerEmail) || a.name.localeCompare(b.name)),
      );
    }
    for (const { row, value } of stale) {
      // `silent`: the value did not change, so neither does when it was last set.
      await row.update(
        { encryptedPayload: encryptSecret(value, config.APP_ENCRYPTION_KEY, secretAad(row.ownerId, row.id)) },
        { transaction, silent: true },
      );
    }
    return { currentKeyId, reEncrypted: stale.length, alreadyCurrent };
  });
}
