import { Op, QueryTypes } from 'sequelize';
import type { Models } from '../../core/db/models';
import { AppError } from '../../core/errors/app-error';

// Sign-in attempt limits, after OWASP's Authentication and Credential Stuffing cheat sheets:
// growing delays rather than a fixed lockout, so that whoever knows an email cannot keep its owner
// out. Failures are counted per (email, address) pair; an address that has failed on an account
// also waits out a delay grown from the account's failures across all addresses (a botnet), and one
// address is limited across all accounts (password spraying). An address with no recent failure on
// an account is never held back by anyone else's failures there: the owner signing in from their
// own device gets in while an attacker hammers the account from elsewhere.

/** A delay that starts after `free` failures and doubles with each further one, up to a cap. */
interface GrowingDelay {
  free: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const loginLimits = {
  /** How long a failure counts towards the pair and account delays. */
  windowMs: 60 * 60 * 1000,
  pair: { free: 3, firstDelayMs: 5_000, maxDelayMs: 5 * 60_000 },
  account: { free: 20, firstDelayMs: 5_000, maxDelayMs: 5 * 60_000 },
  /** Failures from one address across all accounts, in a sliding window of their own. */
  address: { max: 50, windowMs: 15 * 60 * 1000 },
  /** Rows older than this are deleted. */
  keepMs: 24 * 60 * 60 * 1000,
} as const;

/** The wait after `failures` failures, before the next attempt. */
export function failureDelayMs(failures: number, { free, firstDelayMs, maxDelayMs }: GrowingDelay): number {
  if (failures < free) return 0;
  return Math.min(firstDelayMs * 2 ** Math.min(failures - free, 30), maxDelayMs);
}

// Advisory lock classes (any two constants): one lock per address, then one per account, always in
// that order so two sign-ins can never wait for each other. They make the check and the recording
// of an attempt one step across all API processes, so a burst of parallel guesses cannot all pass
// a check made before any of them was counted.
const ADDRESS_LOCK = 0x6c6f6731;
const ACCOUNT_LOCK = 0x6c6f6732;

interface Standing {
  now: Date;
  pairFailures: number;
  pairLastAt: Date | null;
  accountFailures: number;
  /** Set when the address is at its limit: the failure whose leaving the window lets it try again. */
  addressLimitedSince: Date | null;
}

// One round trip, on the database's clock (shared by every API process): statement_timestamp(),
// not now(), which is the transaction's start, taken before the advisory locks were waited for.
// Each count has an index: (email, ip, created_at), (email, created_at) and (ip, created_at).
const standingSql = `
  WITH pair AS (
    SELECT count(*)::int AS failures, max(created_at) AS last_at FROM login_failures
    WHERE email = :email AND ip = :ip AND created_at > statement_timestamp() - :windowMs * interval '1 millisecond'
  )
  SELECT statement_timestamp() AS "now", pair.failures AS "pairFailures", pair.last_at AS "pairLastAt",
    (SELECT count(*)::int FROM login_failures
      WHERE email = :email AND created_at > statement_timestamp() - :windowMs * interval '1 millisecond') AS "accountFailures",
    (SELECT created_at FROM login_failures
      WHERE ip = :ip AND created_at > statement_timestamp() - :addressWindowMs * interval '1 millisecond'
      ORDER BY created_at DESC OFFSET :addressMax - 1 LIMIT 1) AS "addressLimitedSince"
  FROM pair`;

/** How long the pair must still wait, in milliseconds; 0 when it may try now. */
function waitMs(s: Standing): number {
  const now = s.now.getTime();
  const addressWait = s.addressLimitedSince ? s.addressLimitedSince.getTime() + loginLimits.address.windowMs - now : 0;
  // The account's delay reaches only addresses that have failed on it themselves.
  const pairWait = s.pairLastAt
    ? s.pairLastAt.getTime() +
      Math.max(
        failureDelayMs(s.pairFailures, loginLimits.pair),
        failureDelayMs(s.accountFailures, loginLimits.account),
      ) -
      now
    : 0;
  return Math.max(addressWait, pairWait, 0);
}

export const waitMessage = (seconds: number) =>
  `Too many failed sign-in attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`;

/**
 * Refuses the attempt with TOO_MANY_REQUESTS (details: `retryAfterSeconds`) while the pair must
 * wait; otherwise records it as a failure before the password is checked, so that parallel
 * attempts count each other. The caller clears the pair when the password turns out right.
 */
export async function reserveAttempt(models: Models, email: string, ip: string): Promise<void> {
  const sequelize = models.LoginFailure.sequelize!;
  await sequelize.transaction(async (transaction) => {
    const replacements = {
      email,
      ip,
      windowMs: loginLimits.windowMs,
      addressWindowMs: loginLimits.address.windowMs,
      addressMax: loginLimits.address.max,
      addressLock: ADDRESS_LOCK,
      accountLock: ACCOUNT_LOCK,
    };
    await sequelize.query('SELECT pg_advisory_xact_lock(:addressLock, hashtext(:ip))', { replacements, transaction });
    await sequelize.query('SELECT pg_advisory_xact_lock(:accountLock, hashtext(:email))', {
      replacements,
      transaction,
    });
    const [standing] = await sequelize.query<Standing>(standingSql, {
      replacements,
      transaction,
      type: QueryTypes.SELECT,
    });
    const wait = waitMs(standing!);
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new AppError('TOO_MANY_REQUESTS', waitMessage(retryAfterSeconds), { retryAfterSeconds });
    }
    // Stamped with the database's clock, like every comparison above.
    await models.LoginFailure.create({ email, ip, createdAt: standing!.now }, { transaction });
  });
}

/** The password was right: the pair's failures (its reservation among them) no longer count. */
export async function clearPair(models: Models, email: string, ip: string): Promise<void> {
  await models.LoginFailure.destroy({ where: { email, ip } });
}

/** Deletes failures older than `keepMs`; run after each failure, on the created_at index. */
export async function pruneOldFailures(models: Models): Promise<void> {
  await models.LoginFailure.destroy({
    where: { createdAt: { [Op.lt]: new Date(Date.now() - loginLimits.keepMs) } },
  });
}
