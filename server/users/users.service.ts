import { UniqueConstraintError } from 'sequelize';
import type { AppServices } from '../app-services';
import { recordAudit } from '../audit/audit.service';
import { revokeAllApiTokens } from '../auth/api-tokens.service';
import { normalizeEmail } from '../auth/login.service';
import { hashPassword } from '../../core/auth/password';
import type { UserRole } from '../../core/db/enums';
import type { User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';

async function findUser({ models }: AppServices, userId: string): Promise<User> {
  const user = await models.User.findByPk(userId);
  if (!user) throw new AppError('NOT_FOUND', 'No such user.');
  return user;
}

/** An admin can never remove the last active admin (nobody could manage users any more). */
async function assertAnotherAdmin({ models }: AppServices, user: User): Promise<void> {
  if (user.role !== 'admin' || user.disabledAt) return;
  const admins = await models.User.count({ where: { role: 'admin', disabledAt: null } });
  if (admins <= 1) throw new AppError('CONFLICT', 'This is the last active admin; make someone else admin first.');
}

/** Every account, by email. */
export async function listUsers({ models }: AppServices): Promise<User[]> {
  return models.User.findAll({ order: [['email', 'ASC']] });
}

export async function createUser(
  services: AppServices,
  actor: User,
  input: { name: string; email: string; password: string; role: UserRole },
): Promise<User> {
  try {
    const user = await services.models.User.create({
      name: input.name,
      email: normalizeEmail(input.email),
      password: await hashPassword(input.password),
      role: input.role,
    });
    await recordAudit(services.models, {
      actorId: actor.id,
      action: 'user.create',
      resourceType: 'user',
      resourceId: user.id,
      details: { email: user.email, role: user.role },
    });
    return user;
  } catch (error) {
    if (error instanceof UniqueConstraintError)
      throw new AppError('CONFLICT', `An account with the email ${normalizeEmail(input.email)} already exists.`);
    throw error;
  }
}

export async function changeRole(services: AppServices, actor: User, userId: string, role: UserRole): Promise<User> {
  const user = await findUser(services, userId);
  if (user.role === role) return user;
  if (role !== 'admin') await assertAnotherAdmin(services, user);
  const from = user.role;
  await user.update({ role });
  await recordAudit(services.models, {
    actorId: actor.id,
    action: 'user.change_role',
    resourceType: 'user',
    resourceId: user.id,
    details: { from, to: role },
  });
  return user;
}

/**
 * Disables (or enables) an account. Disabling ends its sessions and revokes its API tokens for
 * good: enabling it again restores sign-in only, and its programs need new tokens.
 */
export async function setDisabled(
  services: AppServices,
  actor: User,
  userId: string,
  disabled: boolean,
): Promise<User> {
  const user = await findUser(services, userId);
  if (disabled && user.id === actor.id) throw new AppError('CONFLICT', 'You cannot disable your own account.');
  if (disabled) await assertAnotherAdmin(services, user);
  await services.sequelize.transaction(async (transaction) => {
    await user.update({ disabledAt: disabled ? (user.disabledAt ?? new Date()) : null }, { transaction });
    const details = disabled
      ? {
          sessionsEnded: await services.models.Session.destroy({ where: { userId: user.id }, transaction }),
          apiTokensRevoked: await revokeAllApiTokens(services.models, actor, user, transaction),
        }
      : undefined;
    await recordAudit(
      services.models,
      {
        actorId: actor.id,
        action: disabled ? 'user.disable' : 'user.enable',
        resourceType: 'user',
        resourceId: user.id,
        details,
      },
      transaction,
    );
  });
  return user;
}
