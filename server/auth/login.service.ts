import { Op } from 'sequelize';
import type { Models, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { unknownUserHash, verifyPassword } from '../../core/auth/password';
import { createSession, invalidateSession } from './session.service';
import { recordAudit } from '../audit/audit.service';

/** Failed sign-ins allowed in a sliding window, per account and per client address. */
export const loginLimits = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 50 } as const;

/** The one message for a wrong email and a wrong password alike: it must not tell which. */
export const badCredentialsMessage = 'That email and password do not match an account.';

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

async function assertNotLimited(models: Models, email: string, ip: string): Promise<void> {
  const since = new Date(Date.now() - loginLimits.windowMs);
  const [forAccount, forAddress] = await Promise.all([
    models.LoginFailure.count({ where: { email, createdAt: { [Op.gt]: since } } }),
    models.LoginFailure.count({ where: { ip, createdAt: { [Op.gt]: since } } }),
  ]);
  if (forAccount >= loginLimits.perAccount || forAddress >= loginLimits.perAddress) {
    const minutes = Math.ceil(loginLimits.windowMs / 60_000);
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many failed sign-in attempts. Wait ${minutes} minutes, then try again.`,
    );
  }
}

/**
 * Checks the credentials and opens a session. The limit is checked before the password, so a
 * locked account cannot be probed further; the failure is recorded only after the check.
 */
export async function login(
  models: Models,
  input: LoginInput,
): Promise<{ user: User; token: string; expiresAt: Date }> {
  const email = normalizeEmail(input.email);
  await assertNotLimited(models, email, input.ip);
  const user = await models.User.findOne({ where: { email } });
  const passwordMatches = await verifyPassword(input.password, user?.password ?? unknownUserHash);
  if (!user || !passwordMatches) {
    await models.LoginFailure.create({ email, ip: input.ip });
    await models.LoginFailure.destroy({
      where: { createdAt: { [Op.lt]: new Date(Date.now() - 24 * 60 * 60 * 1000) } },
    });
    throw new AppError('UNAUTHORIZED', badCredentialsMessage);
  }
  if (user.disabledAt) throw new AppError('FORBIDDEN', 'This account is disabled. Ask an admin to enable it again.');
  // A successful sign-in clears the account's count, so a person who mistyped is not locked later.
  await models.LoginFailure.destroy({ where: { email } });
  const session = await createSession(models, user.id);
  await recordAudit(models, {
    actorId: user.id,
    action: 'auth.login',
    resourceType: 'user',
    resourceId: user.id,
    details: { ip: input.ip },
  });
  return { user, ...session };
}

/** Ends the person's session; the caller clears the cookie. */
export async function logout(models: Models, user: User, sessionId: string): Promise<void> {
  await invalidateSession(models, sessionId);
  await recordAudit(models, { actorId: user.id, action: 'auth.logout', resourceType: 'user', resourceId: user.id });
}
