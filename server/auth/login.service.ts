import type { Models, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { unknownUserHash, verifyPassword } from '../../core/auth/password';
import { clearPair, pruneOldFailures, reserveAttempt } from './login-limits.service';
import { createSession, invalidateSession } from './session.service';
import { recordAudit } from '../audit/audit.service';

/** The one message for a wrong email and a wrong password alike: it must not tell which. */
export const badCredentialsMessage = 'That email and password do not match an account.';

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks the credentials and opens a session. The limits are checked before the password, so an
 * address that must wait cannot probe further; the attempt is counted as a failure until the
 * password proves right. Unknown emails are counted and delayed alike, so no answer tells whether
 * an account exists.
 */
export async function login(
  models: Models,
  input: LoginInput,
): Promise<{ user: User; token: string; expiresAt: Date }> {
  const email = normalizeEmail(input.email);
  await reserveAttempt(models, email, input.ip);
  const user = await models.User.findOne({ where: { email } });
  const passwordMatches = await verifyPassword(input.password, user?.password ?? unknownUserHash);
  if (!user || !passwordMatches) {
    await pruneOldFailures(models);
    throw new AppError('UNAUTHORIZED', badCredentialsMessage);
  }
  // The right password clears its own pair only: failures from other addresses still count.
  await clearPair(models, email, input.ip);
  if (user.disabledAt) throw new AppError('FORBIDDEN', 'This account is disabled. Ask an admin to enable it again.');
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
