import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { Op, type Transaction } from 'sequelize';
import { recordAudit } from '../audit/audit.service';
import type { ApiToken, Models, User } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';
import { toApiTokenDto, type ApiTokenDto } from './api-token.dto';

// API tokens follow the sessions' design: 160 random bits shown once, only their SHA-256 stored.
// The `wfa_` prefix makes a leaked token recognisable (secret scanners, logs) and tells it apart
// from a session token.

/** `wfa_` and 32 base32 characters (20 random bytes). */
export const apiTokenPattern = /^wfa_[a-z2-7]{32}$/;
/** How many leading characters of a token are kept in clear, to tell tokens apart. */
const PREFIX_LENGTH = 8;
/** `last_used_at` is written at most this often per token, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
export const MAX_EXPIRES_IN_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export const apiTokenHash = (token: string): string => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

function generateApiToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return `wfa_${encodeBase32LowerCaseNoPadding(bytes)}`;
}

export interface CreateApiTokenInput {
  name: string;
  /** Whole days from now; omitted: the token never expires. */
  expiresInDays?: number | undefined;
}

/** Creates a token for `user`; the returned `token` is the only time it is ever seen. */
export async function createApiToken(
  models: Models,
  user: User,
  input: CreateApiTokenInput,
): Promise<{ token: string; apiToken: ApiTokenDto }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new AppError('BAD_REQUEST', 'A token needs a name of 1 to 100 characters.');
  const days = input.expiresInDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= MAX_EXPIRES_IN_DAYS)) {
    throw new AppError('BAD_REQUEST', `A token expires in 1 to ${MAX_EXPIRES_IN_DAYS} whole days, or never.`);
  }
  const token = generateApiToken();
  const expiresAt = days === undefined ? null : new Date(Date.now() + days * DAY_MS);
  const row = await models.ApiToken.sequelize!.transaction(async (transaction) => {
    const created = await models.ApiToken.create(
      { ownerId: user.id, name, tokenHash: apiTokenHash(token), tokenPrefix: token.slice(0, PREFIX_LENGTH), expiresAt },
      { transaction },
    );
    const details = { name, tokenPrefix: created.tokenPrefix, expiresAt: expiresAt?.toISOString() ?? null };
    await recordAudit(
      models,
      { actorId: user.id, action: 'api_token.create', resourceType: 'api_token', resourceId: created.id, details },
      transaction,
    );
    return created;
  });
  return { token, apiToken: toApiTokenDto(row) };
}

/** The user's tokens, newest first, revoked and expired ones included (with their dates). */
export async function listApiTokens(models: Models, user: User): Promise<ApiTokenDto[]> {
  const rows = await models.ApiToken.findAll({
    where: { ownerId: user.id },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'ASC'],
    ],
  });
  return rows.map(toApiTokenDto);
}

/** Revokes one of the user's own tokens; revoking it again changes nothing. */
export async function revokeApiToken(models: Models, user: User, tokenId: string): Promise<ApiTokenDto> {
  const row = await models.ApiToken.findOne({ where: { id: tokenId, ownerId: user.id } });
  // Someone else's token answers like a missing one, so ids cannot be probed.
  if (!row) throw new AppError('NOT_FOUND', 'There is no API token with that id among yours.');
  if (row.revokedAt) return toApiTokenDto(row);
  await models.ApiToken.sequelize!.transaction(async (transaction) => {
    await row.update({ revokedAt: new Date() }, { transaction });
    await recordAudit(
      models,
      {
        actorId: user.id,
        action: 'api_token.revoke',
        resourceType: 'api_token',
        resourceId: row.id,
        details: { name: row.name, tokenPrefix: row.tokenPrefix },
      },
      transaction,
    );
  });
  return toApiTokenDto(row);
}

/**
 * Revokes every live token of `owner`, in the caller's transaction, each with its own audit entry
 * by `actor`; answers how many. Disabling an account uses it: a revoked token stays revoked when
 * the account is enabled again, so a token that leaked with the account cannot come back to life.
 */
export async function revokeAllApiTokens(
  models: Models,
  actor: User,
  owner: User,
  transaction: Transaction,
): Promise<number> {
  const live = await models.ApiToken.findAll({ where: { ownerId: owner.id, revokedAt: null }, transaction });
  const revokedAt = new Date();
  for (const row of live) {
    await row.update({ revokedAt }, { transaction });
    await recordAudit(
      models,
      {
        actorId: actor.id,
        action: 'api_token.revoke',
        resourceType: 'api_token',
        resourceId: row.id,
        details: { name: row.name, tokenPrefix: row.tokenPrefix, reason: 'user.disable' },
      },
      transaction,
    );
  }
  return live.length;
}

/** The owner of a valid token; null for a malformed, unknown, revoked or expired one. */
export async function authenticateApiToken(models: Models, token: string): Promise<User | null> {
  if (!apiTokenPattern.test(token)) return null;
  const row = await models.ApiToken.findOne({
    where: { tokenHash: apiTokenHash(token) },
    include: [{ model: models.User, as: 'owner' }],
  });
  const owner = (row as (ApiToken & { owner?: User }) | null)?.owner;
  const now = Date.now();
  if (!row || !owner || owner.disabledAt || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now))
    return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests of one program write at most once a minute too.
    const stale = new Date(now - LAST_USED_RESOLUTION_MS);
    await models.ApiToken.update(
      { lastUsedAt: new Date(now) },
      { where: { id: row.id, [Op.or]: [{ lastUsedAt: null }, { lastUsedAt: { [Op.lte]: stale } }] } },
    );
  }
  return owner;
}
