import { hashPassword } from '../core/auth/password';
import type { Models } from '../core/db/models';
import { writeSecretRow } from '../core/secrets/secret-row';

/** A member who owns the test's workflows. */
export async function createOwner(models: Models, email = 'owner@example.com') {
  return models.User.create({ name: 'Owner', email, password: await hashPassword('owner password'), role: 'member' });
}

/** An admin, password 'root passphrase', for tests that must reach every procedure. */
export async function createAdmin(models: Models, email = 'root@example.com') {
  return models.User.create({ name: 'Root', email, password: await hashPassword('root passphrase'), role: 'admin' });
}

/** A connector with its secret stored encrypted, exactly as the app stores them. */
export async function createConnector(
  models: Models,
  key: string,
  ownerId: string,
  type: string,
  config: Record<string, unknown>,
  secret: Record<string, unknown> | null,
  /** A fixed id (specs name connectors by id: the eval's cases do). */
  id?: string,
) {
  let secretsRef: string | null = null;
  if (secret) {
    secretsRef = (
      await writeSecretRow(models, key, { row: null, ownerId, name: `${type} credentials` }, JSON.stringify(secret))
    ).id;
  }
  return models.Connector.create({
    ...(id ? { id } : {}),
    ownerId,
    name: `${type} connector`,
    type,
    config,
    secretsRef,
  });
}
