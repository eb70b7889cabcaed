import { hashPassword } from '../../server/auth/password';
import type { Models } from '../../server/db/models';
import { encryptSecret, secretAad } from '../../server/secrets/secret-box';

/** A member who owns the test's workflows. */
export async function createOwner(models: Models, email = 'owner@example.com') {
  return models.User.create({ name: 'Owner', email, password: await hashPassword('owner password'), role: 'member' });
}

/** A connector with its secret stored encrypted, exactly as the app stores them. */
export async function createConnector(models: Models, key: string, ownerId: string, type: string, config: Record<string, unknown>, secret: Record<string, unknown> | null) {
  let secretsRef: string | null = null;
  if (secret) {
    const row = await models.Secret.create({ ownerId, name: `${type} credentials`, encryptedPayload: 'pending' });
    await row.update({ encryptedPayload: encryptSecret(JSON.stringify(secret), key, secretAad(ownerId, row.id)) });
    secretsRef = row.id;
  }
  return models.Connector.create({ ownerId, name: `${type} connector`, type, config, secretsRef });
}
