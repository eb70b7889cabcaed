import { Op, UniqueConstraintError, type WhereOptions } from 'sequelize';
import type { z } from 'zod';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import type { Models, Secret, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { afterCursor, toPage } from '../../core/db/keyset-cursor';
import { writeSecretRow } from '../../core/secrets/secret-row';
import { reservedSecretPrefixes, secretNameSchema, secretValueSchema, toSecretDto, type SecretDto } from './secret.dto';

// People's own secrets, write-only: a value goes in encrypted and never comes back out through
// the API. Rows the app keeps for itself (webhook signing secrets, connector credentials) share
// the table under reserved names and are invisible here, so this API cannot break them.

type Deps = Pick<AppServices, 'models' | 'config'>;

const notReserved: WhereOptions<Secret> = {
  [Op.and]: reservedSecretPrefixes.map((prefix) => ({ name: { [Op.notLike]: `${prefix}%` } })),
};

function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const message = result.error.issues[0]!.message;
    throw new AppError('BAD_REQUEST', `${message[0]!.toUpperCase()}${message.slice(1)}.`);
  }
  return result.data;
}

export interface SecretFilters {
  /** Admins only: one owner's secrets; for a member it can only narrow to their own. */
  ownerId: string | null;
  limit: number;
  cursor: string | null;
}

/** A page of the secrets the user may see (their own; every owner's for an admin), newest first. */
export async function listSecrets(
  models: Models,
  user: User,
  filters: SecretFilters,
): Promise<{ items: SecretDto[]; nextCursor: string | null }> {
  const where: WhereOptions<Secret>[] = [notReserved];
  if (user.role !== 'admin') where.push({ ownerId: user.id });
  if (filters.ownerId) where.push({ ownerId: filters.ownerId });
  if (filters.cursor) where.push(afterCursor(filters.cursor, 'createdAt'));
  const rows = await models.Secret.findAll({
    where: { [Op.and]: where },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: filters.limit + 1,
  });
  const { items, nextCursor } = toPage(rows, filters.limit, (s) => s.createdAt);
  return { items: items.map(toSecretDto), nextCursor };
}

/** A secret the user may change: their own, or any for an admin; reserved rows never. */
async function findAccessibleSecret(models: Models, user: User, secretId: string): Promise<Secret> {
  const row = await models.Secret.findOne({ where: { [Op.and]: [{ id: secretId }, notReserved] } });
  // Someone else's secret answers like a missing one, so ids cannot be probed.
  if (!row || (row.ownerId !== user.id && user.role !== 'admin')) throw new AppError('NOT_FOUND', 'No such secret.');
  return row;
}

/** Stores a new secret of the user's, encrypted under the current key. */
export async function createSecret(
  { models, config }: Deps,
  user: User,
  input: { name: string; value: string },
): Promise<SecretDto> {
  const name = checked(secretNameSchema, input.name);
  const value = checked(secretValueSchema, input.value);
  try {
    const row = await models.Secret.sequelize!.transaction(async (transaction) => {
      const created = await writeSecretRow(
        models,
        config.APP_ENCRYPTION_KEY,
        { row: null, ownerId: user.id, name },
        value,
        transaction,
      );
      await recordAudit(
        models,
        {
          actorId: user.id,
          action: 'secret.create',
          resourceType: 'secret',
          resourceId: created.id,
          details: { name },
        },
        transaction,
      );
      return created;
    });
    return toSecretDto(row);
  } catch (error) {
    if (error instanceof UniqueConstraintError)
      throw new AppError(
        'CONFLICT',
        `You already have a secret named "${name}"; replace its value, or choose another name.`,
      );
    throw error;
  }
}

/** Replaces a secret's value; its name and id, and so whatever refers to it, stay. */
export async function replaceSecretValue(
  { models, config }: Deps,
  user: User,
  input: { id: string; value: string },
): Promise<SecretDto> {
  const value = checked(secretValueSchema, input.value);
  const row = await findAccessibleSecret(models, user, input.id);
  await models.Secret.sequelize!.transaction(async (transaction) => {
    await writeSecretRow(
      models,
      config.APP_ENCRYPTION_KEY,
      { row, ownerId: row.ownerId, name: row.name },
      value,
      transaction,
    );
    await recordAudit(
      models,
      {
        actorId: user.id,
        action: 'secret.replace',
        resourceType: 'secret',
        resourceId: row.id,
        details: { name: row.name },
      },
      transaction,
    );
  });
  return toSecretDto(row);
}

/** Deletes a secret, unless a connector still takes its credentials from it. */
export async function deleteSecret(models: Models, user: User, secretId: string): Promise<void> {
  const row = await findAccessibleSecret(models, user, secretId);
  // `secrets_ref` is a plain column (the seed's contract), so nothing in the database stops this.
  const connectors = await models.Connector.findAll({ where: { secretsRef: row.id }, order: [['name', 'ASC']] });
  if (connectors.length > 0) {
    const names = connectors.map((c) => `"${c.name}"`).join(', ');
    const [noun, them] = connectors.length === 1 ? ['connector', 'it'] : ['connectors', 'them'];
    throw new AppError(
      'CONFLICT',
      `The secret "${row.name}" holds the credentials of ${noun} ${names}; give ${them} another secret, or delete ${them}, first.`,
    );
  }
  await models.Secret.sequelize!.transaction(async (transaction) => {
    await row.destroy({ transaction });
    await recordAudit(
      models,
      {
        actorId: user.id,
        action: 'secret.delete',
        resourceType: 'secret',
        resourceId: row.id,
        details: { name: row.name },
      },
      transaction,
    );
  });
}
