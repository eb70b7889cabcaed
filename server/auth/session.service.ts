import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { Op } from 'sequelize';
import type { Models, Session, User } from '../../core/db/models';

// Lucia's session design (lucia-auth.com): the cookie holds a random token, the database holds
// only its SHA-256, and a session that is used in the second half of its life is extended.

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
const RENEW_WHEN_LEFT_MS = 15 * DAY_MS;

/** 160 random bits, base32: what goes in the cookie. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored session id: the hex SHA-256 of the token. */
export const sessionIdFromToken = (token: string): string =>
  encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export async function createSession(models: Models, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  await models.Session.create({ id: sessionIdFromToken(token), userId, expiresAt });
  return { token, expiresAt };
}

export interface ValidSession {
  session: Session;
  user: User;
  /** True when the expiry moved forward and the cookie must be sent again. */
  renewed: boolean;
}

/** The session and user behind a cookie token; null (and the row deleted) when expired. */
export async function validateSessionToken(models: Models, token: string): Promise<ValidSession | null> {
  const session = await models.Session.findByPk(sessionIdFromToken(token), {
    include: [{ model: models.User, as: 'user' }],
  });
  if (!session) return null;
  const user = (session as Session & { user?: User }).user;
  const now = Date.now();
  if (!user || user.disabledAt || session.expiresAt.getTime() <= now) {
    await session.destroy();
    return null;
  }
  const renewed = session.expiresAt.getTime() - now < RENEW_WHEN_LEFT_MS;
  if (renewed) await session.update({ expiresAt: new Date(now + SESSION_LIFETIME_MS) });
  return { session, user, renewed };
}

export async function invalidateSession(models: Models, sessionId: string): Promise<void> {
  await models.Session.destroy({ where: { id: sessionId } });
}

/** Deletes every expired session; the API runs it hourly. */
export async function deleteExpiredSessions(models: Models): Promise<number> {
  return models.Session.destroy({ where: { expiresAt: { [Op.lte]: new Date() } } });
}
